package dev.vigil.worker.escalation;

import static dev.vigil.worker.escalation.FreezeRuns.freezes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
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
        assertThat(freezes(clip, "keyframes", false)).isEmpty();
        foundAtFullDecodingsInterval(clip, 4.64);
    }

    /**
     * Key pictures 1 s apart: keyframes decodes every other one (0, 1, 3, 5, 7, 9 s) with its companion. The freeze,
     * 3.60 s to 5.80 s, holds the skipped key picture at 4 s and the decoded one at 5 s: the companion of the one at
     * 5 s is still, the one skipped before it is decoded then, out of turn, and the two are still too, so the stream
     * escalates and looks back over the GOP before (from 3 s): the freeze is found at full decoding's interval.
     */
    @Test
    void keyframesOnAOneSecondGopFindsAFreezeOverASkippedKeyPictureAtFullDecodingsInterval() {
        foundAtFullDecodingsInterval(freezeUnderGrain(25, 90, 144), 3.60);
    }

    /**
     * The same stream, the freeze 4.52 s to 6.92 s: the key picture skipped before 5 s (4 s) still moves, so the still
     * companion of 5 s only stops the skipping; 5 s and 6 s, both still, escalate the stream at 6 s, and the look-back
     * reaches back to 5 s. The freeze is found, its end where full decoding puts it, its start at the key picture
     * (within a GOP of full decoding's), as keyframes decoding every key picture finds it.
     */
    @Test
    void keyframesOnAOneSecondGopFindsAFreezeStartingAfterASkippedKeyPictureWithinAGop() {
        Path clip = freezeUnderGrain(25, 113, 172);
        List<JsonNode> full = freezes(clip, "full", true);
        List<JsonNode> escalated = freezes(clip, "keyframes", true);

        assertThat(full).hasSize(1);
        assertThat(full.get(0).get("startSec").asDouble()).isCloseTo(4.52, offset(0.1));
        assertThat(escalated).hasSize(1);
        assertThat(escalated.get(0).get("endSec").asDouble())
                .isCloseTo(full.get(0).get("endSec").asDouble(), offset(0.15));
        assertThat(escalated.get(0).get("startSec").asDouble())
                .isBetween(full.get(0).get("startSec").asDouble() - 0.15, 5.0 + 0.15);
    }

    /** Full decoding finds one freeze, starting near {@code start}; keyframes with escalation finds it at its interval. */
    private static void foundAtFullDecodingsInterval(Path clip, double start) {
        List<JsonNode> full = freezes(clip, "full", true);
        assertThat(full).hasSize(1);
        assertThat(full.get(0).get("startSec").asDouble()).isCloseTo(start, offset(0.1));
        FreezeRuns.sameInterval(full, freezes(clip, "keyframes", true), 0.15);
    }
}
