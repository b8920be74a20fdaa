package dev.vigil.tools.cli;

import dev.vigil.tools.ml.data.CorruptionDataset;
import dev.vigil.tools.ml.data.DatasetWriter;
import dev.vigil.worker.detect.ml.CorruptionModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil ml-dataset}: generates labelled frames for training the block-corruption model (see ml/). */
@Command(
        name = "ml-dataset",
        mixinStandardHelpOptions = true,
        description = "Generate labelled frames for the block-corruption model (ml/README.md).")
public final class MlDatasetCommand implements Callable<Integer> {

    @Option(names = "--split", defaultValue = "train", description = "train, tune or eval (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--repeats",
            defaultValue = "2",
            description = "Clips per content and damage (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--seconds", defaultValue = "4", description = "Clip length (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--out", required = true, description = "Output folder (inputs.u8, labels.csv)")
    Path out;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description =
                    "Keep each clip's frames here and reuse them (bench-ml keeps its own in <work-dir>/frames-cache/<split>)")
    Path cache;

    @Override
    public Integer call() throws Exception {
        CorruptionDataset.Split s = CorruptionDataset.Split.valueOf(split.toUpperCase(java.util.Locale.ROOT));
        Path work = Files.createTempDirectory("vigil-ml-");
        CorruptionDataset data = new CorruptionDataset(s, seed, repeats, seconds, 4, 2, work);
        if (cache != null) {
            data.cachedIn(cache);
        }
        try (DatasetWriter w = new DatasetWriter(out, CorruptionModel.INPUT_WIDTH, CorruptionModel.INPUT_HEIGHT)) {
            int i = 0;
            var clips = data.clips();
            for (var clip : clips) {
                long t0 = System.nanoTime();
                data.generate(clip, w);
                System.err.printf(
                        "[%d/%d] %s: %d frames so far (%d corrupt), %.1f s%n",
                        ++i, clips.size(), clip.id(), w.count(), w.corrupt(), (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf("%d frames (%d corrupt) in %s%n", w.count(), w.corrupt(), out);
        } finally {
            Files.deleteIfExists(work);
        }
        return 0;
    }
}
