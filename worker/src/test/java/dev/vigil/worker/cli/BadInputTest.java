package dev.vigil.worker.cli;

import static dev.vigil.worker.testing.CliRun.vigil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.TestMedia;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad sources and bad arguments end with a clear one-line reason and the documented exit code. */
@Timeout(60)
class BadInputTest {

    @TempDir
    Path tmp;

    @Test
    void missingFileIsASourceError() {
        CliRun run = vigil("analyze", tmp.resolve("nope.ts").toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.SOURCE);
        assertThat(run.err()).contains("cannot open").containsIgnoringCase("no such file");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void refusedPortIsASourceError() {
        int port = TestMedia.freeTcpPort();
        CliRun run = vigil("analyze", "http://127.0.0.1:" + port + "/live.ts");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.SOURCE);
        assertThat(run.err()).containsIgnoringCase("connection refused");
    }

    @Test
    void peerThatAcceptsButNeverAnswersTimesOut(@TempDir Path dir) throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accept, then say nothing
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Path config = dir.resolve("fast.yaml");
            Files.writeString(config, "source:\n  openTimeoutSec: 2\n  readTimeoutSec: 2\n");
            long t0 = System.nanoTime();
            CliRun run = vigil(
                    "analyze",
                    "--config",
                    config.toString(),
                    "http://127.0.0.1:" + silent.getLocalPort() + "/stream.ts");
            double sec = (System.nanoTime() - t0) / 1e9;
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.SOURCE);
            assertThat(run.err()).contains("cannot open");
            assertThat(sec).as("bounded by the open timeout, not hanging").isLessThan(15);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void garbageBytesAreASourceError() throws IOException {
        Path junk = tmp.resolve("junk.ts");
        byte[] bytes = new byte[200_000];
        new Random(7).nextBytes(bytes);
        Files.write(junk, bytes);
        CliRun run = vigil("analyze", junk.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.SOURCE);
        assertThat(run.err()).startsWith("vigil: cannot");
    }

    @Test
    void unsupportedCodecIsASourceError() throws IOException {
        Path wav = tmp.resolve("odd.wav");
        Files.write(wav, wavWithFormatTag(0x7A7A, 48000, 2, 48000));
        CliRun run = vigil("analyze", wav.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.SOURCE);
        assertThat(run.err()).startsWith("vigil: cannot");
    }

    @Test
    void truncatedFileReportsWhatWasThere() throws IOException {
        Path whole = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                "8",
                "-c:v",
                "libopenh264",
                "-b:v",
                "400k",
                "-c:a",
                "aac",
                "OUT");
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.ts");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2 + 77)); // mid-packet
        CliRun run = vigil("analyze", "--format", "text", cut.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("analysed").contains("Summary");
    }

    @Test
    void audioOnlySourceRunsAudioDetectorsAndSaysVideoIsIdle() {
        Path m4a = TestMedia.generate(
                "m4a", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "5", "-c:a", "aac", "OUT");
        CliRun run = vigil("analyze", m4a.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("no video stream: video detectors idle").contains("audio aac 48000 Hz");
    }

    @Test
    void videoOnlySourceRunsVideoDetectorsAndSaysAudioIsIdle() {
        Path mp4 = TestMedia.generate(
                "mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "5", "-c:v", "libopenh264", "OUT");
        CliRun run = vigil("analyze", mp4.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("no audio stream: audio detectors idle").contains("video h264 320x240");
    }

    @Test
    void unknownDecodeProfileIsAUsageError() {
        CliRun run = vigil("analyze", "--decode", "half", "x.ts");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown decode profile 'half'").contains("full, economy, keyframes");
    }

    @Test
    void unknownDetectorIsAUsageError() {
        CliRun run = vigil("analyze", "--detectors", "freeze,wobble", "x.ts");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown detector 'wobble'");
    }

    @Test
    void unknownThresholdInConfigIsAUsageError() throws IOException {
        Path config = tmp.resolve("bad.yaml");
        Files.writeString(config, "detectors:\n  stall:\n    thresholds:\n      wobble: 3\n");
        CliRun run = vigil("analyze", "--config", config.toString(), "x.ts");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("detectors.stall").contains("unknown threshold 'wobble'");
    }

    @Test
    void unsupportedSchemeIsAUsageError() {
        CliRun run = vigil("analyze", "gopher://127.0.0.1/x");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unsupported source scheme 'gopher'");
    }

    @Test
    void badFlagIsAUsageError() {
        assertThat(vigil("analyze", "--duration", "abc", "x.ts").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(vigil("analyze", "--duration", "-1", "x.ts").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(vigil("analyze").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void credentialsNeverAppearInMessages() {
        int port = TestMedia.freeTcpPort();
        CliRun run = vigil("analyze", "http://alice:s3cret@127.0.0.1:" + port + "/live.ts?token=abc123");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.SOURCE);
        assertThat(run.out() + run.err()).doesNotContain("s3cret").doesNotContain("abc123");
    }

    private static byte[] wavWithFormatTag(int tag, int rate, int channels, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) tag)
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * channels * 2)
                .putShort((short) (channels * 2))
                .putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        return b.array();
    }
}
