package dev.vigil.tools.cli;

import dev.vigil.tools.bench.MlBenchmark;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.detect.ml.CorruptionModel;
import dev.vigil.worker.detect.ml.ModelRegistry;
import dev.vigil.worker.detect.ml.ModelRuntime;
import dev.vigil.worker.detect.ml.ModelSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil bench-ml}: accuracy of the shipped corruption model against the classic detectors, and its cost. */
@Command(
        name = "bench-ml",
        mixinStandardHelpOptions = true,
        description = "Compare model:corruption with blockiness and FFmpeg blockdetect on generated frames,"
                + " and measure the model's CPU cost against decoding a 720p25 stream.")
public final class BenchMlCommand implements Callable<Integer> {

    @Option(
            names = "--repeats",
            defaultValue = "2",
            description = "Evaluation clips per content and damage (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(
            names = "--seconds",
            defaultValue = "4",
            description = "Length of each generated clip (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(
            names = "--runs",
            defaultValue = "3",
            description = "Repetitions of the cost measurements (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--skip-accuracy", description = "Only measure the cost")
    boolean skipAccuracy;

    @Option(names = "--skip-cost", description = "Only measure the accuracy")
    boolean skipCost;

    @Option(
            names = "--model-file",
            paramLabel = "FILE",
            description = "Evaluate this ONNX file (same contract as the shipped model) instead of the shipped one")
    Path modelFile;

    @Option(
            names = "--work-dir",
            defaultValue = "target/bench-ml",
            description = "Scratch folder (default: ${DEFAULT-VALUE})")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        ModelRegistry.Entry entry = modelFile == null
                ? ModelRegistry.shared().lookup("corruption").orElseThrow()
                : ModelRegistry.shared()
                        .register(new ModelSpec("candidate", modelFile, CorruptionModel.CONTRACT, 1, 1));
        if (!entry.loaded()) {
            System.err.println("vigil: " + entry.error());
            return ExitCodes.SOURCE;
        }
        ModelRuntime model = entry.runtime();
        MlBenchmark bench = new MlBenchmark(model, workDir.toAbsolutePath(), System.out);
        if (!skipAccuracy) {
            bench.accuracy(repeats, seconds);
        }
        if (!skipCost) {
            bench.cost(20, runs);
        }
        return ExitCodes.OK;
    }
}
