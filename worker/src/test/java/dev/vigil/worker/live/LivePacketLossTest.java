package dev.vigil.worker.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.testing.BackgroundCli;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.LiveSignal;
import dev.vigil.worker.testing.TestMedia;
import dev.vigil.worker.testing.UdpRelay;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A lossy contribution link, live: the sender's datagrams pass a relay that loses some of them for a while.
 * Over plain UDP the relay drops datagrams. SRT would retransmit those, so there the loss is upstream of the SRT
 * hop (a lossy first mile): the relay turns the transport-stream packets inside some SRT datagrams into null
 * packets, which SRT delivers faithfully. Either way Vigil must report the continuity errors and the damaged
 * pictures while the stream plays, and nothing once the link is clean.
 */
@Timeout(90)
class LivePacketLossTest {

    @Test
    void udpLossIsReportedWhileLive() throws Exception {
        int port = TestMedia.freeUdpPort();
        try (UdpRelay relay = UdpRelay.to(port)) {
            BackgroundCli vigil = BackgroundCli.start(
                    "analyze",
                    "--format",
                    "jsonl",
                    "--duration",
                    "14",
                    "--detectors",
                    "transport,corruption,stall",
                    "udp://127.0.0.1:" + port);
            Process sender =
                    new LiveSignal().seconds(12).sendTo("mpegts", "udp://127.0.0.1:" + relay.port() + "?pkt_size=1316");
            try {
                BackgroundCli.sleep(5000);
                relay.drop(0.05);
                BackgroundCli.sleep(1500);
                relay.drop(0);
                assertLossReported(vigil.await(40), relay);
            } finally {
                TestMedia.stop(sender);
            }
        }
    }

    @Test
    void srtWithLossUpstreamIsReportedWhileLive() throws Exception {
        int port = TestMedia.freeUdpPort();
        try (UdpRelay relay = UdpRelay.to(port)) {
            BackgroundCli vigil = BackgroundCli.start(
                    "analyze",
                    "--format",
                    "jsonl",
                    "--duration",
                    "14",
                    "--detectors",
                    "transport,corruption,stall",
                    "srt://127.0.0.1:" + port + "?mode=listener");
            Process sender = new LiveSignal()
                    .seconds(12)
                    .sendTo("mpegts", "srt://127.0.0.1:" + relay.port() + "?mode=caller&pkt_size=1316");
            try {
                BackgroundCli.sleep(5000);
                relay.blankSrtPayload(0.05);
                BackgroundCli.sleep(1500);
                relay.blankSrtPayload(0);
                assertLossReported(vigil.await(40), relay);
            } finally {
                TestMedia.stop(sender);
            }
        }
    }

    @Test
    void anotherContainerOnAUdpUrlIsReportedClearly() throws Exception {
        int port = TestMedia.freeUdpPort();
        BackgroundCli vigil =
                BackgroundCli.start("analyze", "--format", "text", "--duration", "8", "udp://127.0.0.1:" + port);
        Process sender = TestMedia.start(
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-t",
                "6",
                "-c:v",
                "libopenh264",
                "-f",
                "matroska",
                "udp://127.0.0.1:" + port + "?pkt_size=1316");
        try {
            // FFmpeg either refuses the bytes or opens them and decodes nothing: a clear error, or a stall with the
            // transport checks saying the input is no transport stream — never a quiet "no defects"
            CliRun run = vigil.await(40);
            if (run.exitCode() == ExitCodes.SOURCE) {
                assertThat(run.err()).contains("cannot open").contains("invalid data");
            } else {
                assertThat(run.out()).as(run.toString()).contains("stall").contains("not an MPEG transport stream");
            }
        } finally {
            TestMedia.stop(sender);
        }
    }

    private static void assertLossReported(CliRun run, UdpRelay relay) {
        assertThat(relay.dropped()).as("the relay dropped datagrams").isPositive();
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        List<JsonNode> transport = run.defects("transport");
        assertThat(transport)
                .as(run.toString())
                .extracting(d -> d.at("/detail/check").asText())
                .contains("continuity_count_error");
        assertThat(run.defects("corruption")).as(run.toString()).isNotEmpty();
        for (JsonNode d : run.defects()) {
            // every defect is about the loss: it starts after the link was clean for a while
            assertThat(d.get("startSec").asDouble()).as(run.toString()).isGreaterThan(2.0);
        }
    }
}
