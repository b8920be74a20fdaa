package dev.vigil.worker.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.testing.BackgroundCli;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live UDP MPEG-TS stream whose sound slips out of sync and back: FFmpeg's flash-and-beep signal (one per second),
 * in sync for 12 s, the sound 300 ms late for the next 18 s, in sync again after. Sent in real time by the bundled
 * ffmpeg; {@code vigil analyze} must open an av_sync defect while the sound is late and close it once it is back.
 */
@Timeout(120)
class LiveAvSyncTest {

    @TempDir
    Path tmp;

    /** 45 s: sound in sync, then 300 ms late from 12 s to 30 s (content shifted: the timestamps stay regular). */
    static Path slippingSync() {
        return TestMedia.generate(
                "ts",
                "-filter_complex",
                "avsynctest=size=320x240:framerate=25:samplerate=48000:period=1:d=45[a][v];"
                        + "[a]asplit=3[a1][a2][a3];"
                        + "[a1]atrim=0:12[p1];"
                        + "[a2]atrim=12:30,asetpts=PTS-STARTPTS,adelay=delays=300:all=1,atrim=0:18[p2];"
                        + "[a3]atrim=30:45,asetpts=PTS-STARTPTS[p3];"
                        + "[p1][p2][p3]concat=n=3:v=0:a=1[sa]",
                "-map",
                "[v]",
                "-map",
                "[sa]",
                "-c:v",
                "libopenh264",
                "-b:v",
                "400k",
                "-g",
                "25",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-ac",
                "2",
                "-f",
                "mpegts",
                "OUT");
    }

    @Test
    void udpStreamSlipsOutOfSyncAndBack() throws Exception {
        Path clip = slippingSync();
        // a beep every second: the search range must stay under half of that, and a shorter window reacts sooner
        Path config = tmp.resolve("av-sync.yaml");
        Files.writeString(config, """
                detectors:
                  av_sync:
                    raiseSec: 3
                    clearSec: 3
                    thresholds:
                      windowSec: 8
                      maxOffsetMs: 450
                """);
        int port = TestMedia.freeUdpPort();
        BackgroundCli vigil = BackgroundCli.start(
                "analyze",
                "--format",
                "jsonl",
                "--detectors",
                "av_sync",
                "--config",
                config.toString(),
                "--duration",
                "48",
                "udp://127.0.0.1:" + port);
        BackgroundCli.sleep(1000);
        Process sender = TestMedia.start(
                "-re",
                "-i",
                clip.toString(),
                "-c",
                "copy",
                "-f",
                "mpegts",
                "udp://127.0.0.1:" + port + "?pkt_size=1316");
        try {
            CliRun run = vigil.await(90);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
            List<JsonNode> defects = run.defects("av_sync");
            assertThat(defects).as(run.toString()).hasSize(1);
            JsonNode d = defects.get(0);
            System.out.println("live av_sync defect: " + d);
            assertThat(d.has("openAtEnd"))
                    .as("it closed once the sound was back in sync: " + run)
                    .isFalse();
            assertThat(d.at("/detail/offsetMs").asDouble()).isCloseTo(300, within(20.0));
            assertThat(d.at("/detail/sound").asText()).isEqualTo("late");
            assertThat(d.at("/detail/method").asText()).isEqualTo("content");
            double duration = d.get("endSec").asDouble() - d.get("startSec").asDouble();
            // the sound was late for 18 s; the estimate lags each change by about half a window
            assertThat(duration).as(run.toString()).isCloseTo(18, within(6.0));
        } finally {
            TestMedia.stop(sender);
        }
    }
}
