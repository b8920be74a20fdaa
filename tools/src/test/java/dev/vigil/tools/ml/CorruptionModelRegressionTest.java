package dev.vigil.tools.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tools.ml.data.Clip;
import dev.vigil.tools.ml.data.CorruptionDataset;
import dev.vigil.tools.ml.data.Damage;
import dev.vigil.tools.ml.eval.CorruptionEvaluation;
import dev.vigil.worker.detect.ml.CorruptionModel;
import dev.vigil.worker.detect.ml.ModelRegistry;
import dev.vigil.worker.detect.ml.ModelRuntime;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short regression check of the shipped model that every build runs (a few seconds of FFmpeg): 9 of the 20
 * clips {@link CorruptionModelEvaluationTest} scores, the same clips with the same seeds, chosen because they are
 * cheap to make: every 360p clip except perlin (FFmpeg's slowest source) and the 720p H.264 bitstream clip of
 * pal100bars+zoneplate. They hold bitstream damage (H.264 and MPEG-2) and damaged blocks; heavy quantisation,
 * whose corrupt frames only come from the slow 720p sources, is left to the full evaluation.
 */
@Timeout(600)
class CorruptionModelRegressionTest {

    static final Predicate<Clip> CHEAP_CLIPS =
            clip -> clip.height() == 360 && !clip.content().name().equals("perlin")
                    || clip.content().name().equals("pal100bars+zoneplate")
                            && clip.codec().equals("h264")
                            && clip.damage() == Damage.BITSTREAM;

    /** This subset's figures at the shipped threshold when the subset was chosen (339 frames, 114 corrupt). */
    static final ModelFigures SUBSET = new ModelFigures(0.478, 0.868, 0.617, 0.480);
    /** As {@link CorruptionModelEvaluationTest#TOLERANCE}, for the same reason. */
    static final double TOLERANCE = 0.10;

    @TempDir
    Path work;

    @Test
    void theShippedModelKeepsItsFiguresOnAShortSubsetOfTheHeldOutClips() throws Exception {
        ModelRuntime model = ModelRegistry.shared()
                .lookup(CorruptionModel.NAME)
                .orElseThrow()
                .runtime();
        CorruptionDataset subset =
                new CorruptionDataset(CorruptionDataset.Split.EVAL, 3, 1, 4, 4, 2, work).only(CHEAP_CLIPS);
        assertThat(subset.clips()).as("the subset's clips").hasSize(9);
        CorruptionEvaluation eval = new CorruptionEvaluation(model, null);

        eval.run(subset);

        assertThat(eval.model().size()).as("frames").isGreaterThan(300);
        assertThat(eval.model().positives()).as("corrupt frames").isGreaterThan(90);
        SUBSET.assertReachedBy(eval.model().at(CorruptionModel.THRESHOLD), TOLERANCE);
    }
}
