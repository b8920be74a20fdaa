package dev.vigil.worker.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.testing.BackgroundCli;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.LiveSignal;
import dev.vigil.worker.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live protocols on loopback: a real-time sender (the bundled ffmpeg) with a defect injected into the
 * signal, and {@code vigil analyze} receiving it. Intervals are in Vigil's media time, which starts at the
 * first frame it decoded, so starts are checked loosely and durations tightly.
 */
@Timeout(90)
class LiveSourceTest {

    private static final double SILENCE_FROM = 4;
    private static final double SILENCE_TO = 7;

    @TempDir
    Path tmp;

    @Test
    void udpMpegTs() throws Exception {
        int port = TestMedia.freeUdpPort();
        BackgroundCli vigil =
                BackgroundCli.start("analyze", "--format", "jsonl", "--duration", "14", "udp://127.0.0.1:" + port);
        Process sender = new LiveSignal()
                .seconds(11)
                .silence(SILENCE_FROM, SILENCE_TO)
                .sendTo("mpegts", "udp://127.0.0.1:" + port + "?pkt_size=1316");
        try {
            assertSilenceReported(vigil.await(40));
        } finally {
            TestMedia.stop(sender);
        }
    }

    @Test
    void srtListener() throws Exception {
        int port = TestMedia.freeUdpPort();
        BackgroundCli vigil = BackgroundCli.start(
                "analyze", "--format", "jsonl", "--duration", "14", "srt://127.0.0.1:" + port + "?mode=listener");
        Process sender = new LiveSignal()
                .seconds(11)
                .silence(SILENCE_FROM, SILENCE_TO)
                .sendTo("mpegts", "srt://127.0.0.1:" + port + "?mode=caller");
        try {
            assertSilenceReported(vigil.await(40));
        } finally {
            TestMedia.stop(sender);
        }
    }

    @Test
    void rtmpPush() throws Exception {
        int port = TestMedia.freeTcpPort();
        Path config = tmp.resolve("rtmp-listen.yaml");
        Files.writeString(config, "source:\n  options:\n    listen: \"1\"\n");
        BackgroundCli vigil = BackgroundCli.start(
                "analyze",
                "--format",
                "jsonl",
                "--duration",
                "14",
                "--config",
                config.toString(),
                "rtmp://127.0.0.1:" + port + "/live/test");
        Process sender = new LiveSignal()
                .seconds(11)
                .silence(SILENCE_FROM, SILENCE_TO)
                .sendTo("flv", "rtmp://127.0.0.1:" + port + "/live/test");
        try {
            assertSilenceReported(vigil.await(40));
        } finally {
            TestMedia.stop(sender);
        }
    }

    @Test
    void hlsLivePlaylistOverHttp() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("hls"));
        Process sender = new LiveSignal()
                .seconds(16)
                .silence(8, 11)
                .sendTo(
                        "hls",
                        dir.resolve("live.m3u8").toString(),
                        "-hls_time",
                        "1",
                        "-hls_list_size",
                        "6",
                        "-hls_flags",
                        "delete_segments");
        try (StaticHttpServer http = StaticHttpServer.serve(dir)) {
            waitFor(dir.resolve("live.m3u8"), 10);
            BackgroundCli.sleep(2000);
            CliRun run = BackgroundCli.start("analyze", "--format", "jsonl", "--duration", "14", http.url("live.m3u8"))
                    .await(40);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
            List<JsonNode> silences = run.defects("silence");
            assertThat(silences).as(run.toString()).hasSize(1);
            assertThat(duration(silences.get(0))).as(run.toString()).isCloseTo(3.0, within(0.5));
        } finally {
            TestMedia.stop(sender);
        }
    }

    @Test
    void rtspPushWithTcpTransport() throws Exception {
        int port = TestMedia.freeTcpPort();
        Path config = tmp.resolve("rtsp-listen.yaml");
        Files.writeString(config, "source:\n  options:\n    rtsp_flags: listen\n");
        BackgroundCli vigil = BackgroundCli.start(
                "analyze",
                "--format",
                "jsonl",
                "--duration",
                "14",
                "--config",
                config.toString(),
                "rtsp://127.0.0.1:" + port + "/live");
        Process sender = new LiveSignal()
                .seconds(11)
                .silence(SILENCE_FROM, SILENCE_TO)
                .sendTo("rtsp", "rtsp://127.0.0.1:" + port + "/live", "-rtsp_transport", "tcp");
        try {
            assertSilenceReported(vigil.await(40));
        } finally {
            TestMedia.stop(sender);
        }
    }

    /**
     * DASH on demand (a static manifest): FFmpeg's DASH demuxer does not follow a live manifest reliably,
     * so live DASH is not claimed; on-demand DASH is decoded like any file.
     */
    @Test
    void dashOnDemandOverHttp() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("dash"));
        Process packager = new LiveSignal()
                .seconds(12)
                .black(4, 7)
                .asFastAsPossible()
                .sendTo("dash", dir.resolve("vod.mpd").toString(), "-seg_duration", "2");
        assertThat(packager.waitFor()).isZero();
        try (StaticHttpServer http = StaticHttpServer.serve(dir)) {
            CliRun run = CliRun.vigil("analyze", "--format", "jsonl", http.url("vod.mpd"));
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
            List<JsonNode> blacks = run.defects("black");
            assertThat(blacks).as(run.toString()).hasSize(1);
            assertThat(blacks.get(0).get("startSec").asDouble())
                    .as(run.toString())
                    .isCloseTo(4.0, within(0.5));
            assertThat(blacks.get(0).get("endSec").asDouble())
                    .as(run.toString())
                    .isCloseTo(7.0, within(0.5));
        }
    }

    @Test
    void senderGoneAndBackIsAStall() throws Exception {
        int port = TestMedia.freeUdpPort();
        String url = "udp://127.0.0.1:" + port + "?pkt_size=1316";
        BackgroundCli vigil = BackgroundCli.start(
                "analyze", "--format", "jsonl", "--duration", "16", "--detectors", "stall", "udp://127.0.0.1:" + port);
        Process first = new LiveSignal().seconds(5).sendTo("mpegts", url);
        first.waitFor();
        long goneAt = System.nanoTime();
        BackgroundCli.sleep(4000);
        Process second = new LiveSignal().seconds(30).sendTo("mpegts", url);
        double gap = (System.nanoTime() - goneAt) / 1e9;
        try {
            CliRun run = vigil.await(40);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
            List<JsonNode> stalls = run.defects("stall");
            assertThat(stalls).as(run.toString()).hasSize(1);
            // the sender was away for `gap` seconds plus its own start-up; the stall covers that
            assertThat(duration(stalls.get(0))).as(run.toString()).isBetween(gap - 0.5, gap + 1.5);
            assertThat(stalls.get(0).get("startSec").asDouble())
                    .as(run.toString())
                    .isCloseTo(5.0, within(1.0));
        } finally {
            TestMedia.stop(second);
        }
    }

    /**
     * The duration is exact to the hold times; the start only to within how late Vigil joined the signal
     * (its media time starts at the first frame it decoded, after connecting and probing).
     */
    private static void assertSilenceReported(CliRun run) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        List<JsonNode> silences = run.defects("silence");
        assertThat(silences).as(run.toString()).hasSize(1);
        JsonNode s = silences.get(0);
        assertThat(duration(s)).as(run.toString()).isCloseTo(SILENCE_TO - SILENCE_FROM, within(0.5));
        assertThat(s.get("startSec").asDouble()).as(run.toString()).isBetween(SILENCE_FROM - 2.5, SILENCE_FROM + 0.5);
    }

    private static double duration(JsonNode defect) {
        return defect.get("endSec").asDouble() - defect.get("startSec").asDouble();
    }

    private static void waitFor(Path file, int seconds) {
        for (int i = 0; i < seconds * 10 && !Files.exists(file); i++) {
            BackgroundCli.sleep(100);
        }
        assertThat(file).exists();
    }
}
