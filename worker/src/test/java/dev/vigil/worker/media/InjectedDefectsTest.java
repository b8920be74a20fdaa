package dev.vigil.worker.media;

import static dev.vigil.worker.testing.CliRun.vigil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.TestMedia;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real encoded media (H.264 via openh264, PCM or AAC audio) generated with defects at known times, decoded
 * and analysed end to end by {@code vigil analyze}. Detected intervals must match within ±0.5 s; clean
 * clips, including the hard negatives, must produce nothing.
 */
@Timeout(120)
class InjectedDefectsTest {

    private static final double TOLERANCE = 0.5;

    /** 20 s, 640x360 25 fps H.264 + stereo PCM: freeze 4.00–7.52, black 10.00–12.52, silence 14–17, clipping 2–3.5. */
    static Path defectsClip() {
        return TestMedia.generate(
                "mkv",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25,split[a][b];[a][b]freezeframes=first=100:last=187:replace=99,"
                        + "drawbox=color=black:t=fill:enable='between(t,10,12.48)'",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000,volume=0.5,"
                        + "volume=volume=0:enable='between(t,14,17)',volume=volume=30:enable='between(t,2,3.5)'",
                "-t",
                "20",
                "-ac",
                "2",
                "-c:v",
                "libopenh264",
                "-b:v",
                "2M",
                "-g",
                "50",
                "-c:a",
                "pcm_s16le",
                "OUT");
    }

    @Test
    void reportsEveryInjectedDefectAtItsTime() {
        CliRun run = vigil("analyze", "--format", "jsonl", defectsClip().toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertInterval(run, "freeze", 4.0, 7.52);
        assertInterval(run, "black", 10.0, 12.52);
        assertInterval(run, "silence", 14.0, 17.0);
        assertInterval(run, "clipping", 2.0, 3.5);
        assertThat(run.defects("stall")).as(run.toString()).isEmpty();
        assertThat(run.defects("blockiness")).as(run.toString()).isEmpty();
        // clipping at full scale also breaks the true-peak limit, and only then; the 1.5 s of +25 dB
        // audio also lifts the programme's integrated loudness far above target (a whole-stream verdict)
        List<JsonNode> loudness = run.defects("loudness");
        assertThat(loudness)
                .as(run.toString())
                .extracting(d -> d.at("/detail/reason").asText())
                .containsExactlyInAnyOrder("truePeak", "integrated");
        JsonNode truePeak = loudness.stream()
                .filter(d -> d.at("/detail/reason").asText().equals("truePeak"))
                .findFirst()
                .orElseThrow();
        assertThat(truePeak.get("startSec").asDouble()).isCloseTo(2.0, within(TOLERANCE));
        assertThat(truePeak.get("endSec").asDouble()).isCloseTo(3.5, within(TOLERANCE));
    }

    @Test
    void failOnDefectExitsWithOne() {
        CliRun run = vigil(
                "analyze",
                "--format",
                "jsonl",
                "--detectors",
                "freeze",
                "--fail-on-defect",
                defectsClip().toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.DEFECTS);
        assertThat(run.defects()).extracting(d -> d.get("type").asText()).containsOnly("freeze");
    }

    @Test
    void durationLimitsTheAnalysis() {
        CliRun run = vigil(
                "analyze", "--format", "jsonl", "--duration", "9", defectsClip().toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.defects("freeze")).hasSize(1);
        assertThat(run.defects("black")).isEmpty();
        assertThat(run.defects("silence")).isEmpty();
    }

    @Test
    void realtimeReadsAFileAsIfItWereLive() {
        Path clip = TestMedia.generate(
                "mkv", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "3", "-c:v", "libopenh264", "OUT");
        long t0 = System.nanoTime();
        CliRun run = vigil("analyze", "--realtime", "--format", "jsonl", clip.toString());
        double wallSec = (System.nanoTime() - t0) / 1e9;
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(wallSec).as("3 s of media read no faster than real time").isGreaterThan(2.8);
    }

    @Test
    void timestampGapInAFileIsAStall() {
        Path gap = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25,setpts='if(gte(T,5),PTS+3/TB,PTS)'",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000,asetpts='if(gte(T,5),PTS+3/TB,PTS)'",
                "-t",
                "10",
                "-c:v",
                "libopenh264",
                "-b:v",
                "500k",
                "-c:a",
                "aac",
                "OUT");
        CliRun run = vigil("analyze", "--format", "jsonl", gap.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertInterval(run, "stall", 5.0, 8.0);
    }

    @Test
    void cleanClipHasNoDefects() {
        Path clean = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000,volume=0.5",
                "-t",
                "15",
                "-ac",
                "2",
                "-c:v",
                "libopenh264",
                "-b:v",
                "2M",
                "-c:a",
                "aac",
                "-b:a",
                "128k",
                "OUT");
        CliRun run = vigil("analyze", "--format", "jsonl", clean.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.defects()).as(run.toString()).isEmpty();
    }

    @Test
    void hardNegativesAreNotDefects() {
        // a grainy still shot of a live camera, a small subject moving in it (not a freeze: the same picture with
        // only fresh grain would be one), a dark scene (not black), a 0.4 s fade through black, and a quiet
        // passage at about -45 dBFS (not silence)
        Path tricky = TestMedia.generate(
                "mkv",
                "-f",
                "lavfi",
                "-i",
                "color=c=0x807060:size=640x360:rate=25[bg];testsrc2=size=64x64:rate=25[subject];"
                        + "[bg][subject]overlay=x='200+20*t':y=150,"
                        + "noise=alls=6:allf=t,format=yuv420p,"
                        + "lutyuv=y='val*0.35':enable='between(t,6,10)',"
                        + "drawbox=color=black:t=fill:enable='between(t,11,11.4)'[out0]",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000,volume=0.5," + "volume=volume=0.15:enable='between(t,3,9)'",
                "-t",
                "12",
                "-ac",
                "2",
                "-c:v",
                "libopenh264",
                "-b:v",
                "4M",
                "-c:a",
                "pcm_s16le",
                "OUT");
        CliRun run = vigil(
                "analyze", "--format", "jsonl", "--detectors", "freeze,black,silence,blockiness", tricky.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.defects()).as(run.toString()).isEmpty();
    }

    private static void assertInterval(CliRun run, String type, double start, double end) {
        List<JsonNode> found = run.defects(type);
        assertThat(found).as(type + " in\n" + run).hasSize(1);
        assertThat(found.get(0).get("startSec").asDouble())
                .as(type + " start\n" + run)
                .isCloseTo(start, within(TOLERANCE));
        assertThat(found.get(0).get("endSec").asDouble())
                .as(type + " end\n" + run)
                .isCloseTo(end, within(TOLERANCE));
    }
}
