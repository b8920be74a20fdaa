package dev.vigil.worker.media;

import static dev.vigil.worker.testing.CliRun.vigil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.H264Edit;
import dev.vigil.worker.testing.TestMedia;
import dev.vigil.worker.testing.TsEdit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transport and decoder integrity end to end: real H.264 in MPEG-TS damaged the way links and encoders damage
 * it, analysed by {@code vigil analyze}. Packet loss must raise {@code transport} (continuity) and
 * {@code corruption} defects at its time, the corruption lasting until the next clean key picture (pictures
 * every 2 s here); slices lost or garbled inside the H.264 itself raise {@code corruption} alone. Clean
 * streams of hard kinds (grain, fast motion, pixel art, a still slide) raise neither.
 */
@Timeout(180)
class IntegrityMediaTest {

    @TempDir
    Path dir;

    /** 16 s, 640x360 25 fps H.264 (a key picture every 2 s) + AAC, in MPEG-TS. */
    static Path tsClip() {
        return TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                "16",
                "-c:v",
                "libopenh264",
                "-b:v",
                "1500k",
                "-g",
                "50",
                "-c:a",
                "aac",
                "-f",
                "mpegts",
                "OUT");
    }

    /** 10 s of H.264 with 4 slices per picture and access unit delimiters, a key picture every 2 s. */
    static Path slicedClip() {
        return TestMedia.generate(
                "h264",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25",
                "-t",
                "10",
                "-c:v",
                "libopenh264",
                "-slices",
                "4",
                "-b:v",
                "1500k",
                "-g",
                "50",
                "-bsf:v",
                "h264_metadata=aud=insert",
                "-f",
                "h264",
                "OUT");
    }

    @Test
    void randomPacketLossIsSeenInTransportAndInThePictures() {
        TsEdit edit = TsEdit.read(tsClip());
        edit.dropRandom(edit.busiestPid(), 5.0, 5.6, 0.05, 3);
        CliRun run = analyze(edit.write(dir.resolve("random-loss.ts")));

        JsonNode cc = continuity(run);
        assertThat(cc.at("/detail/priority").asInt()).isEqualTo(1);
        assertThat(cc.get("startSec").asDouble()).as(run.toString()).isBetween(4.0, 6.0);
        assertThat(cc.get("endSec").asDouble()).as(run.toString()).isBetween(5.0, 7.0);

        JsonNode corruption = only(run, "corruption");
        assertThat(corruption.get("startSec").asDouble()).as(run.toString()).isBetween(4.5, 6.0);
        assertRecoversAtKeyPicture(corruption, run);
        assertThat(corruption.at("/detail/errors").toString()).contains("corrupt_packet");
    }

    @Test
    void aBurstOfLossIsOneDefectOfEachKind() {
        TsEdit edit = TsEdit.read(tsClip());
        int video = edit.busiestPid();
        int[] dropped = {0};
        edit.drop(p -> p.pid() == video && p.sec >= 9.0 && dropped[0]++ < 150);
        CliRun run = analyze(edit.write(dir.resolve("burst.ts")));
        assertThat(continuity(run).get("startSec").asDouble())
                .as(run.toString())
                .isBetween(8.0, 10.0);
        JsonNode corruption = only(run, "corruption");
        assertThat(corruption.get("startSec").asDouble()).as(run.toString()).isBetween(8.5, 10.0);
        assertRecoversAtKeyPicture(corruption, run);
    }

    @Test
    void slicesMissingFromAPictureAreCorruptionUntilTheNextKeyPicture() {
        Path damaged = H264Edit.read(slicedClip()).removeSlices(130, 1, 2).write(dir.resolve("no-slices.h264"));
        CliRun run = analyze(damaged);
        JsonNode corruption = only(run, "corruption");
        assertThat(corruption.get("startSec").asDouble()).as(run.toString()).isCloseTo(130 / 25.0, within(0.05));
        assertThat(corruption.get("endSec").asDouble()).as(run.toString()).isCloseTo(6.0, within(0.05));
        assertThat(run.defects("transport"))
                .as("no transport stream, no transport defects")
                .isEmpty();
    }

    @Test
    void garbledSliceDataIsCorruptionUntilTheNextKeyPicture() {
        Path damaged = H264Edit.read(slicedClip()).garbleSlice(60, 2, 200, 7).write(dir.resolve("garbled.h264"));
        CliRun run = analyze(damaged);
        JsonNode corruption = only(run, "corruption");
        assertThat(corruption.get("startSec").asDouble()).as(run.toString()).isCloseTo(60 / 25.0, within(0.05));
        assertThat(corruption.get("endSec").asDouble()).as(run.toString()).isCloseTo(4.0, within(0.05));
        assertThat(corruption.at("/detail/damagedPictures").asInt()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // film grain: fresh noise on every picture
                "testsrc2=size=640x360:rate=25,noise=alls=30:allf=t+u",
                // fast motion: a zooming fractal, everything changes every picture
                "mandelbrot=size=640x360:rate=25",
                // pixel art: 40x23 random cells upscaled 16x with nearest neighbour
                "cellauto=size=40x23:rate=25:rule=30,scale=640:368:flags=neighbor,format=yuv420p",
                // a still slide
                "testsrc=size=640x360:rate=25,trim=end_frame=1,loop=loop=-1:size=1,setpts=N/25/TB"
            })
    void cleanStreamsOfHardKindsRaiseNeither(String source) {
        Path clip = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                source,
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=300:sample_rate=48000",
                "-t",
                "8",
                "-c:v",
                "libopenh264",
                "-b:v",
                "3M",
                "-g",
                "50",
                "-c:a",
                "aac",
                "-f",
                "mpegts",
                "OUT");
        CliRun run = analyze(clip);
        assertThat(run.defects("corruption")).as(run.toString()).isEmpty();
        assertThat(run.defects("transport")).as(run.toString()).isEmpty();
    }

    @Test
    void aTransportStreamWithoutPatIsDecodedAndItsPatErrorsReported() {
        Path noPat = TsEdit.read(tsClip()).drop(p -> p.pid() == 0).write(dir.resolve("no-pat.ts"));
        CliRun run = analyze(noPat);
        JsonNode pat = only(run, "transport");
        assertThat(pat.at("/detail/check").asText()).isEqualTo("pat_error");
        assertThat(pat.at("/detail/total").asInt())
                .as("one per half second of 16 s")
                .isBetween(28, 33);
        assertThat(run.defects("corruption")).isEmpty();
    }

    @Test
    void aStreamOfNullPacketsIsAClearSourceError() throws Exception {
        byte[] nulls = new byte[188 * 50_000];
        for (int i = 0; i < nulls.length; i += 188) {
            nulls[i] = 0x47;
            nulls[i + 1] = 0x1F;
            nulls[i + 2] = (byte) 0xFF;
            nulls[i + 3] = 0x10;
        }
        Path file = java.nio.file.Files.write(dir.resolve("nulls.ts"), nulls);
        CliRun run = vigil("analyze", file.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.SOURCE);
        assertThat(run.err()).contains("cannot read").contains("null packets only");
    }

    @Test
    void inputsThatAreNotTransportStreamsSaySoInTheReport() {
        Path mkv = TestMedia.generate(
                "mkv", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "3", "-c:v", "libopenh264", "OUT");
        CliRun run = vigil("analyze", "--detectors", "transport,freeze", mkv.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("detectorIdle").contains("not an MPEG transport stream");
    }

    private static CliRun analyze(Path media) {
        CliRun run = vigil(
                "analyze", "--format", "jsonl", "--detectors", "corruption,transport,freeze,black", media.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        return run;
    }

    /**
     * The loss's continuity defect; the only other transport check loss may trip is a PCR that went missing
     * with the packets (pcr_repetition_error).
     */
    private static JsonNode continuity(CliRun run) {
        List<JsonNode> transport = run.defects("transport");
        assertThat(transport)
                .as(run.toString())
                .extracting(d -> d.at("/detail/check").asText())
                .contains("continuity_count_error")
                .doesNotHaveDuplicates()
                .isSubsetOf("continuity_count_error", "pcr_repetition_error");
        return transport.stream()
                .filter(d -> d.at("/detail/check").asText().equals("continuity_count_error"))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode only(CliRun run, String type) {
        List<JsonNode> defects = run.defects(type);
        assertThat(defects).as(run.toString()).hasSize(1);
        return defects.get(0);
    }

    /** Damage lasts until the next key picture (every 2 s), not longer. */
    private static void assertRecoversAtKeyPicture(JsonNode corruption, CliRun run) {
        double start = corruption.get("startSec").asDouble();
        double end = corruption.get("endSec").asDouble();
        double nextKey = Math.floor(start / 2.0) * 2 + 2;
        assertThat(end).as(run.toString()).isIn(nextKey, nextKey + 2);
    }
}
