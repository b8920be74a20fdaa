package dev.vigil.tools.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tools.ml.data.CorruptionDataset;
import dev.vigil.tools.ml.eval.CorruptionEvaluation;
import dev.vigil.worker.detect.ml.CorruptionModel;
import dev.vigil.worker.detect.ml.ModelRegistry;
import dev.vigil.worker.detect.ml.ModelRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped model on held-out data regenerated here with FFmpeg: the evaluation split's first repeat (the
 * same clips as the first half of the model card's evaluation set: content and seeds never used in training),
 * scored through ONNX Runtime exactly as the worker runs it (each frame with the frame decoded before it). It
 * must reach the model card's figures within a tolerance that allows for the smaller sample.
 *
 * <p>Opt-in (30-70 s of FFmpeg data generation on 2 cores): {@code ./mvnw -B -pl tools -am verify -Pmodel-evaluation}.
 * The default test phase runs {@link CorruptionModelRegressionTest}, a short subset of the same clips.
 */
@Tag(CorruptionModelEvaluationTest.TAG)
@Timeout(1800)
class CorruptionModelEvaluationTest {

    /** The JUnit tag the default build leaves out; the {@code model-evaluation} profile runs it. */
    static final String TAG = "model-evaluation";

    /**
     * ml/MODEL_CARD.md, "CI subset" row: the evaluation split's first repeat at the shipped threshold (the
     * single-frame corruption-v1 called 0.636 of the clean frames corrupt here).
     */
    static final ModelFigures CARD = new ModelFigures(0.434, 0.721, 0.542, 0.412);
    /**
     * The data is seeded, yet repeated runs on one machine gave recall 0.735-0.791 for the previous model (some
     * damaged and gradient clips differ slightly from run to run), so the floor sits 0.10 below the card (and the
     * false-positive ceiling 0.10 above).
     */
    static final double TOLERANCE = 0.10;

    @TempDir
    Path work;

    @Test
    void theShippedModelReachesTheModelCardFiguresOnHeldOutContent() throws Exception {
        ModelRuntime model = ModelRegistry.shared()
                .lookup(CorruptionModel.NAME)
                .orElseThrow()
                .runtime();
        CorruptionEvaluation eval = new CorruptionEvaluation(model, null);

        eval.run(new CorruptionDataset(CorruptionDataset.Split.EVAL, 3, 1, 4, 4, 2, work));

        assertThat(eval.model().size()).as("frames").isGreaterThan(500);
        assertThat(eval.model().positives()).as("corrupt frames").isGreaterThan(150);
        CARD.assertReachedBy(eval.model().at(CorruptionModel.THRESHOLD), TOLERANCE);
    }
}
