package dev.vigil.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The image recipes against what {@code ./mvnw package} leaves in each module's target/ (the build context):
 * every COPY source exists, and the command the image runs points at a file the image receives. Skipped when the
 * modules are not packaged (a {@code test}-phase run); {@code ./mvnw verify} packages them first (this module
 * depends on both, so the reactor builds them before it).
 */
class ImageRecipesTest {

    static final Path OPERATOR = RepoPaths.root().resolve("operator");
    static final Path WORKER = RepoPaths.root().resolve("worker");

    @Test
    void operatorImageCopiesTheQuarkusAppLayout() throws IOException {
        requirePackaged(OPERATOR.resolve("target/quarkus-app/quarkus-run.jar"));
        Dockerfile dockerfile = Dockerfile.read(OPERATOR.resolve("src/main/docker/Dockerfile.jvm"));
        assertCopySourcesExist(dockerfile, OPERATOR);
        assertThat(dockerfile.copies())
                .extracting(Dockerfile.Copy::target)
                .contains("/deployments/lib/", "/deployments/app/", "/deployments/quarkus/", "/deployments/");
        assertThat(dockerfile.env()).contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
        assertThat(dockerfile.entrypoint()).containsExactly("/opt/jboss/container/java/run/run-java.sh");
        // quarkus-run.jar finds its dependencies through quarkus/quarkus-application.dat, which must be copied
        assertThat(OPERATOR.resolve("target/quarkus-app/quarkus/quarkus-application.dat"))
                .exists();
    }

    @Test
    void workerImageRunsTheWorkerJarWithItsLibFolder() throws IOException {
        Path jar = WORKER.resolve("target/vigil-worker.jar");
        requirePackaged(jar);
        Dockerfile dockerfile = Dockerfile.read(WORKER.resolve("src/main/docker/Dockerfile.jvm"));
        assertCopySourcesExist(dockerfile, WORKER);
        assertThat(dockerfile.copies())
                .contains(
                        new Dockerfile.Copy(List.of("target/lib/"), "/opt/vigil/lib/"),
                        new Dockerfile.Copy(List.of("target/vigil-worker.jar"), "/opt/vigil/vigil-worker.jar"));
        List<String> command = dockerfile.entrypoint();
        assertThat(command.get(command.indexOf("-jar") + 1)).isEqualTo("/opt/vigil/vigil-worker.jar");
        assertThat(dockerfile.cmd()).containsExactly("worker");

        // the jar's manifest class path (lib/...) resolves inside the image as it does in target/
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            String classPath = jarFile.getManifest().getMainAttributes().getValue("Class-Path");
            assertThat(classPath).isNotBlank();
            List<String> entries = Arrays.asList(classPath.trim().split("\\s+"));
            assertThat(entries).allMatch(e -> e.startsWith("lib/"));
            assertThat(entries).anyMatch(e -> e.contains("ffmpeg") && e.contains("linux-x86_64"));
            for (String entry : entries) {
                assertThat(WORKER.resolve("target").resolve(entry))
                        .as("manifest Class-Path entry")
                        .exists();
            }
        }
    }

    static void assertCopySourcesExist(Dockerfile dockerfile, Path context) throws IOException {
        assertThat(dockerfile.copies()).isNotEmpty();
        for (Dockerfile.Copy copy : dockerfile.copies()) {
            for (String source : copy.sources()) {
                assertThat(matches(context, source))
                        .as("%s: COPY %s (context %s)", dockerfile.file().getFileName(), source, context)
                        .isNotEmpty();
            }
        }
    }

    static List<Path> matches(Path context, String source) throws IOException {
        if (!source.contains("*")) {
            Path path = context.resolve(source);
            return Files.exists(path) ? List.of(path) : List.of();
        }
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + context.resolve(source));
        Path dir = context.resolve(source).getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(glob::matches).toList();
        }
    }

    static void requirePackaged(Path artifact) {
        Assumptions.assumeTrue(
                Files.exists(artifact),
                () -> artifact + " not built: run `./mvnw -B package -DskipTests` (or verify) first");
    }
}
