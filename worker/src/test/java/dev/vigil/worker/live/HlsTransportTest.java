package dev.vigil.worker.live;

import static dev.vigil.worker.testing.CliRun.vigil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.TestMedia;
import dev.vigil.worker.testing.TsEdit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MPEG-TS segments of an HLS stream are analysed as they are fetched (FFmpeg's HLS demuxer opens them;
 * Vigil taps each one): a segment that lost packets on its way to the origin raises continuity errors at its
 * time, and clean segments — each a byte stream of its own — raise nothing at their boundaries.
 */
@Timeout(120)
class HlsTransportTest {

    @TempDir
    Path dir;

    /** 12 s in 2 s MPEG-TS segments, a key picture at each segment start. */
    private Path segments() throws Exception {
        Path hls = Files.createDirectories(dir.resolve("hls"));
        Process p = TestMedia.start(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                "12",
                "-c:v",
                "libopenh264",
                "-b:v",
                "1M",
                "-g",
                "50",
                "-c:a",
                "aac",
                "-f",
                "hls",
                "-hls_time",
                "2",
                "-hls_playlist_type",
                "vod",
                "-hls_segment_type",
                "mpegts",
                "-hls_segment_filename",
                hls.resolve("seg%d.ts").toString(),
                hls.resolve("index.m3u8").toString());
        assertThat(p.waitFor()).isZero();
        return hls;
    }

    @Test
    void cleanSegmentsRaiseNothingAtTheirBoundaries() throws Exception {
        Path hls = segments();
        try (StaticHttpServer server = StaticHttpServer.serve(hls)) {
            CliRun run = vigil(
                    "analyze", "--format", "jsonl", "--detectors", "transport,corruption", server.url("index.m3u8"));
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
            assertThat(run.defects()).as(run.toString()).isEmpty();
        }
    }

    @Test
    void packetsLostInOneSegmentAreContinuityErrorsAtItsTime() throws Exception {
        Path hls = segments();
        Path third = hls.resolve("seg3.ts");
        TsEdit edit = TsEdit.read(third);
        int video = edit.busiestPid();
        double start = edit.packets().get(0).sec;
        edit.dropRandom(video, start + 0.5, start + 1.0, 0.05, 5).write(third);
        try (StaticHttpServer server = StaticHttpServer.serve(hls)) {
            CliRun run = vigil(
                    "analyze", "--format", "jsonl", "--detectors", "transport,corruption", server.url("index.m3u8"));
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
            List<JsonNode> transport = run.defects("transport");
            assertThat(transport)
                    .as(run.toString())
                    .extracting(d -> d.at("/detail/check").asText())
                    .contains("continuity_count_error");
            for (JsonNode d : transport) {
                assertThat(d.get("startSec").asDouble()).as(run.toString()).isBetween(5.0, 8.5);
            }
            assertThat(run.defects("corruption")).as(run.toString()).isNotEmpty();
        }
    }
}
