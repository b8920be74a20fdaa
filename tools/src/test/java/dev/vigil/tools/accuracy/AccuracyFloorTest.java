package dev.vigil.tools.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The regression floor of the accuracy benchmark: the {@code smoke} split (eleven 6 s clips made with the bundled
 * FFmpeg: a freeze under live graphics, one under downstream grain, black under a logo and under graphics,
 * blockiness damage, a news layout, a live still shot, pixel art, upscaled graphics, a fade, audio clipped before
 * AAC, AC-3, E-AC-3, MP2, Opus and PCM, loud masters) must keep every detector at its floor. The published figures
 * come from {@code vigil eval} on the full splits (docs/accuracy.md).
 */
@Timeout(300)
class AccuracyFloorTest {

    private static final double FLOOR = 0.8;

    @Test
    void everyDetectorStaysAboveItsFloorOnTheSmokeSplit() {
        List<Clip> clips = CorpusPlan.clips("smoke");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Evaluation.Result r = new Evaluation(
                        Path.of("target", "accuracy"), new PrintStream(log, true, StandardCharsets.UTF_8))
                .run("smoke", clips, VigilRunner.Settings.defaults(null), false);
        Map<String, Scorer.TypeScore> scores = Scorer.score(r.clips(), r.vigil());
        String failures = String.join(
                "\n",
                Scorer.failures(r.clips(), r.vigil()).stream()
                        .map(Scorer.Failure::describe)
                        .toList());
        for (String type : Scorer.TYPES) {
            Scorer.TypeScore s = scores.get(type);
            assertThat(s.labels()).as(type + " has labels in the smoke split").isPositive();
            assertThat(s.f1()).as(type + " F1 (" + s + ")\n" + failures).isGreaterThanOrEqualTo(FLOOR);
        }
    }
}
