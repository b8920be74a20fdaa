package dev.vigil.tools.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.tools.accuracy.Clip.AudioCodec;
import dev.vigil.tools.accuracy.Clip.AudioContent;
import dev.vigil.tools.accuracy.Clip.AudioEvent;
import dev.vigil.tools.accuracy.Clip.AudioEventKind;
import dev.vigil.tools.accuracy.Clip.Content;
import dev.vigil.tools.accuracy.Clip.Graphics;
import dev.vigil.tools.accuracy.Clip.VideoCodec;
import dev.vigil.tools.accuracy.Clip.VideoEvent;
import dev.vigil.tools.accuracy.Clip.VideoEventKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerTest {

    private static Clip clip(VideoEvent video, AudioEvent audio) {
        return new Clip(
                "t-000",
                "test",
                1,
                640,
                360,
                10,
                Content.SPORTS,
                Graphics.NONE,
                0,
                video,
                AudioContent.MUSIC,
                audio,
                VideoCodec.OPENH264,
                AudioCodec.AAC);
    }

    private static final Clip FREEZE_AND_CLIPPING =
            clip(new VideoEvent(VideoEventKind.FREEZE, 2, 5, 0), new AudioEvent(AudioEventKind.CLIPPING, 6, 8, 6));
    private static final Clip NOTHING = clip(VideoEvent.NONE, AudioEvent.NONE);

    @Test
    void overlappingDetectionsOfTheRightTypeAreTruePositives() {
        Map<String, Scorer.TypeScore> s = Scorer.score(
                List.of(FREEZE_AND_CLIPPING),
                List.of(List.of(
                        new Detection("freeze", 2.1, 5.3, "major"), new Detection("clipping", 6.0, 7.9, "minor"))));
        assertThat(s.get("freeze")).isEqualTo(new Scorer.TypeScore(1, 0, 0));
        assertThat(s.get("clipping")).isEqualTo(new Scorer.TypeScore(1, 0, 0));
        assertThat(s.get("black")).isEqualTo(new Scorer.TypeScore(0, 0, 0));
        assertThat(s.get("freeze").f1()).isEqualTo(1.0);
    }

    @Test
    void aDetectionOfTheWrongTypeOrTooLittleOverlapIsAMissAndAFalseAlarm() {
        Map<String, Scorer.TypeScore> s = Scorer.score(
                List.of(FREEZE_AND_CLIPPING, NOTHING),
                List.of(
                        List.of(new Detection("black", 2, 5, null), new Detection("clipping", 7.5, 12, null)),
                        List.of(new Detection("freeze", 1, 2, null))));
        assertThat(s.get("freeze")).isEqualTo(new Scorer.TypeScore(0, 1, 1));
        assertThat(s.get("black")).isEqualTo(new Scorer.TypeScore(0, 1, 0));
        // [7.5, 12] against [6, 8]: 0.5 s in common of 6 s
        assertThat(s.get("clipping")).isEqualTo(new Scorer.TypeScore(0, 1, 1));
        assertThat(s.get("freeze").precision()).isZero();
        assertThat(s.get("freeze").f1()).isZero();
    }

    @Test
    void aDefectReportedInTwoPiecesCostsAFalseAlarm() {
        Map<String, Scorer.TypeScore> s = Scorer.score(
                List.of(FREEZE_AND_CLIPPING),
                List.of(List.of(new Detection("freeze", 2, 3.4, null), new Detection("freeze", 3.6, 5, null))));
        assertThat(s.get("freeze")).isEqualTo(new Scorer.TypeScore(1, 1, 0));
        assertThat(s.get("freeze").f1()).isCloseTo(2 * 0.5 * 1 / 1.5, within(1e-9));
    }

    @Test
    void aFreezeOverALabelledBlackCountsNeitherWay() {
        Clip black = clip(new VideoEvent(VideoEventKind.BLACK, 3, 6, 0), AudioEvent.NONE);
        Map<String, Scorer.TypeScore> s = Scorer.score(
                List.of(black),
                List.of(List.of(new Detection("black", 3, 6, null), new Detection("freeze", 3.1, 6, null))));
        assertThat(s.get("black")).isEqualTo(new Scorer.TypeScore(1, 0, 0));
        assertThat(s.get("freeze")).isEqualTo(new Scorer.TypeScore(0, 0, 0));
    }

    @Test
    void failuresNameTheClipAndWhatWentWrong() {
        List<Scorer.Failure> f = Scorer.failures(
                List.of(FREEZE_AND_CLIPPING),
                List.of(List.of(new Detection("freeze", 2, 5, null), new Detection("silence", 1, 4, null))));
        // by type, in the report's order
        assertThat(f)
                .extracting(Scorer.Failure::describe)
                .containsExactly(
                        "false silence alarm 1.00-4.00 in t-000 (" + FREEZE_AND_CLIPPING.describe() + ")",
                        "missed clipping 6.00-8.00 in t-000 (" + FREEZE_AND_CLIPPING.describe() + ")");
    }
}
