package dev.vigil.worker.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.TestMedia;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A freeze that holds a single key picture, under what real playout adds after the freeze: fresh grain on every
 * picture and a live graphic still moving in a corner. The pictures between key pictures keep their size (the
 * grain is new in each) and the key pictures either side differ, so only a picture close to the frozen key picture,
 * its companion, shows that the programme stopped.
 */
class KeyPictureCompanionMediaTest {

    /** Pictures 116 to 175 repeat picture 115: 4.64 s to 7.04 s, one key picture inside (6.0 s; GOP of 2 s). */
    static Path freezeHoldingOneKeyPicture() {
        return freezeUnderGrain(50, 116, 175);
    }

    /** Pictures {@code first} to {@code last} repeat the one before, under grain and a live graphic; IDR every gop. */
    static Path freezeUnderGrain(int gop, int first, int last) {
        return TestMedia.generateWithX264(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25,split[a][b];[a][b]freezeframes=first=" + first + ":last=" + last
                        + ":replace=" + (first - 1) + "[p];"
                        + "testsrc2=size=48x48:rate=25,hue=h=120[bug];"
                        + "[p][bug]overlay=x=8:y=8,noise=alls=6:allf=t,format=yuv420p",
                "-t",
                "10",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-crf",
                "20",
                "-g",
                Integer.toString(gop),
                "-x264-params",
                "scenecut=0:open-gop=0:min-keyint=" + gop,
                "-f",
                "mpegts",
                "OUT");
    }

    /**
     * Keyframes alone sees key pictures 2 s apart, one of them frozen, and finds nothing; with escalation the still
     * companion of the frozen key picture escalates the stream, the GOP before it is decoded again in full, and the
     * freeze is found with full decoding's interval.
     */
    @Test
    void keyframesFindsAFreezeHoldingOneKeyPictureUnderGrainAtFullDecodingsInterval() {
        Path clip = freezeHoldingOneKeyPicture();
        List<JsonNode> full = freezes(clip, "full", true);
        List<JsonNode> alone = freezes(clip, "keyframes", false);
        List<JsonNode> escalated = freezes(clip, "keyframes", true);

        assertThat(full).hasSize(1);
        assertThat(full.get(0).get("startSec").asDouble()).isCloseTo(4.64, offset(0.1));
        assertThat(alone).isEmpty();
        assertThat(escalated).hasSize(1);
        for (String edge : List.of("startSec", "endSec")) {
            assertThat(escalated.get(0).get(edge).asDouble())
                    .as(edge)
                    .isCloseTo(full.get(0).get(edge).asDouble(), offset(0.15));
        }
    }

    /**
     * Key pictures 1 s apart: keyframes decodes every other one (1, 3, 5, 7, 9 s) with its companion. The freeze,
     * 4.52 s to 6.92 s, holds the decoded key picture at 5 s and the skipped one at 6 s: the companion of the one at
     * 5 s finds it, at full decoding's interval.
     */
    @Test
    void keyframesOnAOneSecondGopFindsAFreezeHoldingOneDecodedKeyPictureAtFullDecodingsInterval() {
        Path clip = freezeUnderGrain(25, 113, 172);
        List<JsonNode> full = freezes(clip, "full", true);
        List<JsonNode> escalated = freezes(clip, "keyframes", true);

        assertThat(full).hasSize(1);
        assertThat(full.get(0).get("startSec").asDouble()).isCloseTo(4.52, offset(0.1));
        assertThat(escalated).hasSize(1);
        for (String edge : List.of("startSec", "endSec")) {
            assertThat(escalated.get(0).get(edge).asDouble())
                    .as(edge)
                    .isCloseTo(full.get(0).get(edge).asDouble(), offset(0.15));
        }
    }

    private static List<JsonNode> freezes(Path clip, String profile, boolean escalate) {
        return CliRun.analyseDecoded(clip, profile, escalate, "freeze").defects("freeze");
    }
}
