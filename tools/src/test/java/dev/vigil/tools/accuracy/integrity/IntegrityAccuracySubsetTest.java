package dev.vigil.tools.accuracy.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tools.accuracy.integrity.IntegrityCorpus.Case;
import dev.vigil.tools.accuracy.integrity.IntegrityCorpus.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The regression floor of {@link IntegrityAccuracyTest}, in the default test phase: one content kind, every damage
 * kind on H.264 in MPEG-TS and on an H.264 elementary stream, the first development seed. Every truth must be
 * found, and nothing else raised.
 */
@Timeout(600)
class IntegrityAccuracySubsetTest {

    @Test
    void everyDamageKindIsFoundAndNothingElseIsRaised() throws Exception {
        IntegrityCorpus corpus = new IntegrityCorpus(Files.createDirectories(Path.of("target", "accuracy", "subset")));
        List<String> damages = new ArrayList<>(IntegrityCorpus.TS_DAMAGES);
        damages.addAll(IntegrityCorpus.ES_DAMAGES);
        List<Case> cases =
                corpus
                        .cases(Split.DEV, IntegrityCorpus.CONTENTS.subList(0, 1), List.of("h264", "h264-es"), damages)
                        .stream()
                        .filter(c -> c.seed() == Split.DEV.seeds[0])
                        .toList();
        IntegrityEvaluation eval = new IntegrityEvaluation();
        for (Case c : cases) {
            eval.counted(c);
            List<IntegrityEvaluation.Detected> vigil = IntegrityEvaluation.vigil(c);
            eval.score("corruption", c, vigil, "corruption");
            eval.score("transport", c, vigil, "transport");
        }
        String table = eval.markdown("CI subset", damages);
        assertThat(cases).hasSize(damages.size());
        for (String detector : List.of("corruption", "transport")) {
            IntegrityEvaluation.Tally t = eval.total(detector);
            assertThat(t.missed).as(detector + "\n" + table).isZero();
            assertThat(t.falseAlarms).as(detector + "\n" + table).isZero();
        }
    }
}
