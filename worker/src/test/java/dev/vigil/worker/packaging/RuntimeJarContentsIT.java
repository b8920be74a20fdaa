package dev.vigil.worker.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker's runtime jar, as {@code package} leaves it (the jar the image ships), carries what {@code vigil
 * worker} and {@code vigil analyze} need and none of the developer tools: benchmarks, training-data generation
 * and model evaluation live in the tools module. Runs after {@code package} (failsafe, {@code ./mvnw verify}).
 */
class RuntimeJarContentsIT {

    /** Where the developer tools live now, and where they lived before they left the worker. */
    static final List<String> TOOL_PACKAGES =
            List.of("dev/vigil/tools/", "dev/vigil/worker/bench/", "dev/vigil/worker/ml/");
    /** Class names that say benchmark, dataset, training or evaluation, whatever package they hide in. */
    static final Pattern TOOL_CLASS = Pattern.compile("(?i)(bench|dataset|training|evaluation)[^/]*\\.class$");
    /** What the commands the image runs start from, and the model the worker ships. */
    static final List<String> RUNTIME_ENTRIES = List.of(
            "dev/vigil/worker/cli/VigilCli.class",
            "dev/vigil/worker/cli/WorkerCommand.class",
            "dev/vigil/worker/cli/AnalyzeCommand.class",
            "dev/vigil/worker/cluster/WorkerRuntime.class",
            "dev/vigil/worker/ffmpeg/BundledFfmpeg.class",
            "models/corruption-v2.onnx");
    /** Test-only libraries that must not reach the jar's class path (and so the image's lib/). */
    static final List<String> TEST_LIBRARIES =
            List.of("junit", "assertj", "archunit", "kube-api-test", "awaitility", "s3proxy", "jclouds");

    static List<String> entries;
    static List<String> classPath;

    @BeforeAll
    static void readJar() throws IOException {
        Path jar = Path.of(System.getProperty("vigil.worker.jar", "target/vigil-worker.jar"));
        assertThat(jar).as("the packaged worker jar").isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = file.stream().map(JarEntry::getName).toList();
            String manifestClassPath = file.getManifest().getMainAttributes().getValue("Class-Path");
            classPath = Arrays.asList(manifestClassPath.trim().split("\\s+"));
        }
    }

    @Test
    void holdsNoBenchmarkTrainingOrEvaluationClasses() {
        assertThat(entries).noneMatch(e -> TOOL_PACKAGES.stream().anyMatch(e::startsWith));
        assertThat(entries).noneMatch(e -> TOOL_CLASS.matcher(e).find());
    }

    @Test
    void holdsTheRuntimeCommandsAndTheShippedModel() {
        assertThat(entries).containsAll(RUNTIME_ENTRIES);
    }

    @Test
    void putsNoTestLibraryOnItsClassPath() {
        assertThat(classPath)
                .isNotEmpty()
                .noneMatch(e -> TEST_LIBRARIES.stream().anyMatch(e::contains));
    }

    @Test
    void theCheckWouldSeeAToolClass() {
        // the patterns above must match the classes that used to be here, or the first test proves nothing
        assertThat(List.of(
                        "dev/vigil/worker/bench/Benchmark.class",
                        "dev/vigil/worker/ml/data/CorruptionDataset.class",
                        "dev/vigil/tools/ToolsCli.class"))
                .allMatch(e -> TOOL_PACKAGES.stream().anyMatch(e::startsWith));
        assertThat(List.of(
                        "dev/vigil/worker/cli/BenchMlCommand.class",
                        "dev/vigil/worker/cli/MlDatasetCommand.class",
                        "dev/vigil/worker/eval/CorruptionEvaluation.class"))
                .allMatch(e -> TOOL_CLASS.matcher(e).find());
    }
}
