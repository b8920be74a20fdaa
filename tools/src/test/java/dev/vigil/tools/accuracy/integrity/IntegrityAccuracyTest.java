package dev.vigil.tools.accuracy.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tools.accuracy.integrity.IntegrityCorpus.Case;
import dev.vigil.tools.accuracy.integrity.IntegrityCorpus.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The published accuracy of the integrity detectors (docs/accuracy.md, "Transport and decoder integrity"):
 * every content kind × codec × damage kind of the {@link IntegrityCorpus}, Vigil next to FFmpeg's blockdetect.
 * blockdetect's threshold is chosen on the development seeds; every figure reported is on the evaluation seeds,
 * which nothing was tuned on. Writes the tables to {@code target/accuracy/integrity.md}.
 *
 * <p>Opt-in (about 5 minutes on 2 cores): {@code ./mvnw -B -pl tools -am verify -Paccuracy
 * -Dtest=IntegrityAccuracyTest -Dsurefire.failIfNoSpecifiedTests=false}. The default test phase runs
 * {@link IntegrityAccuracySubsetTest}.
 */
@Tag("accuracy")
@Timeout(3600)
class IntegrityAccuracyTest {

    static final double[] BLOCKDETECT_FACTORS = {1.2, 1.5, 2, 3, 4, 6};

    @Test
    void integrityDetectorsOnTheEvaluationPart() throws Exception {
        IntegrityCorpus corpus =
                new IntegrityCorpus(Files.createDirectories(Path.of("target", "accuracy", "integrity")));
        List<String> codecs = List.of("h264", "mpeg2", "h264-es");
        List<String> damages = new ArrayList<>(IntegrityCorpus.TS_DAMAGES);
        damages.addAll(IntegrityCorpus.ES_DAMAGES);

        double factor = chooseBlockdetectFactor(corpus.cases(Split.DEV, IntegrityCorpus.CONTENTS, codecs, damages));
        IntegrityEvaluation eval = new IntegrityEvaluation();
        for (Case c : corpus.cases(Split.EVAL, IntegrityCorpus.CONTENTS, codecs, damages)) {
            eval.counted(c);
            List<IntegrityEvaluation.Detected> vigil = IntegrityEvaluation.vigil(c);
            eval.score("corruption", c, vigil, "corruption");
            eval.score("transport", c, vigil, "transport");
            eval.score(
                    "blockdetect",
                    c,
                    IntegrityEvaluation.blockDefects(IntegrityEvaluation.blockdetect(c), factor),
                    "corruption");
        }
        String table = eval.markdown(
                String.format(
                        Locale.ROOT,
                        "Evaluation part: %d contents × %d codecs, seeds %s"
                                + " (blockdetect: a picture over %.1f× its clip's median score, chosen on the development part)",
                        IntegrityCorpus.CONTENTS.size(),
                        codecs.size(),
                        java.util.Arrays.toString(Split.EVAL.seeds),
                        factor),
                damages);
        String notes = eval.notes.stream()
                .filter(n -> !n.startsWith("blockdetect"))
                .collect(java.util.stream.Collectors.joining("\n- ", "\nVigil's misses and false alarms:\n- ", "\n"));
        Files.writeString(Path.of("target", "accuracy", "integrity.md"), table + notes);
        System.out.println(table);

        assertThat(eval.total("corruption").f1()).as(table).isGreaterThanOrEqualTo(0.9);
        assertThat(eval.total("transport").f1()).as(table).isGreaterThanOrEqualTo(0.9);
    }

    /** The factor with blockdetect's best F1 on the development part (its own best chance). */
    private static double chooseBlockdetectFactor(List<Case> dev) throws Exception {
        Map<Case, double[][]> scores = new HashMap<>();
        for (Case c : dev) {
            scores.put(c, IntegrityEvaluation.blockdetect(c));
        }
        double best = BLOCKDETECT_FACTORS[0];
        double bestF1 = -1;
        for (double factor : BLOCKDETECT_FACTORS) {
            IntegrityEvaluation e = new IntegrityEvaluation();
            for (Case c : dev) {
                e.score("blockdetect", c, IntegrityEvaluation.blockDefects(scores.get(c), factor), "corruption");
            }
            double f1 = e.total("blockdetect").f1();
            if (f1 > bestF1) {
                bestF1 = f1;
                best = factor;
            }
        }
        return best;
    }
}
