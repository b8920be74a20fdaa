package dev.vigil.worker.detect.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.testing.TestMedia;
import dev.vigil.worker.testing.TsEdit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TR 101 290 analyzer on a real transport stream (FFmpeg's muxer: PAT/PMT every 0.1 s, PCR every 20 ms)
 * damaged in known ways: each kind of damage must count its own indicator, and nothing else.
 */
class TsAnalyzerTest {

    @TempDir
    Path dir;

    /** 12 s of H.264 + AAC in MPEG-TS. */
    static Path clip() {
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
                "mpegts",
                "OUT");
    }

    @Test
    void aCleanStreamCountsNothingHoweverItIsChunked() throws IOException {
        byte[] ts = Files.readAllBytes(clip());
        assertThat(errors(analyze(ts, 32 * 1024))).isEmpty();
        assertThat(errors(analyze(ts, 1316))).isEmpty();
        assertThat(errors(analyzeRandomChunks(ts, 7))).isEmpty();
    }

    @Test
    void lostPacketsAreContinuityErrorsOnePerGap() throws IOException {
        TsEdit edit = TsEdit.read(clip());
        int video = edit.busiestPid();
        int before = edit.packets().size();
        edit.dropRandom(video, 3, 5, 0.03, 1);
        int dropped = before - edit.packets().size();
        Map<Tr101290, Long> errors = errors(analyze(bytes(edit), 32 * 1024));
        assertThat(errors.get(Tr101290.CONTINUITY_COUNT_ERROR)).isBetween(dropped / 2L, (long) dropped);
        assertThat(errors.keySet())
                .as("%s", errors) // a lost PCR may leave a longer gap, nothing else
                .isSubsetOf(Tr101290.CONTINUITY_COUNT_ERROR, Tr101290.PCR_REPETITION_ERROR);
    }

    @Test
    void aJumpedCounterIsOneErrorAndOneDuplicateIsAllowed() throws IOException {
        TsEdit edit = TsEdit.read(clip());
        int video = edit.busiestPid();
        edit.jumpContinuity(video, 4, 5);
        assertThat(errors(analyze(bytes(edit), 4096))).containsExactly(Map.entry(Tr101290.CONTINUITY_COUNT_ERROR, 1L));

        TsEdit dup = TsEdit.read(clip());
        var packets = dup.packets();
        int i = firstPayloadPacket(packets, video, 6);
        packets.add(i + 1, packets.get(i)); // sent twice: allowed
        assertThat(errors(analyze(bytes(dup), 4096))).isEmpty();
        packets.add(i + 1, packets.get(i)); // three times: an error
        assertThat(errors(analyze(bytes(dup), 4096))).containsExactly(Map.entry(Tr101290.CONTINUITY_COUNT_ERROR, 1L));
    }

    @Test
    void aMissingPatOrPmtIsCountedEveryHalfSecond() throws IOException {
        // 2 s without a PAT: an error each half second; the packets' absence is also a gap in their counter
        TsEdit edit = TsEdit.read(clip()).drop(p -> p.pid() == 0 && p.sec >= 3 && p.sec < 5.05);
        Map<Tr101290, Long> errors = errors(analyze(bytes(edit), 32 * 1024));
        assertThat(errors.keySet()).isSubsetOf(Tr101290.PAT_ERROR, Tr101290.CONTINUITY_COUNT_ERROR);
        assertThat(errors.get(Tr101290.PAT_ERROR)).isBetween(3L, 4L);

        TsEdit noPmt = TsEdit.read(clip()).drop(p -> p.pid() == 4096 && p.sec >= 3 && p.sec < 4.55);
        Map<Tr101290, Long> pmt = errors(analyze(bytes(noPmt), 32 * 1024));
        assertThat(pmt.keySet()).isSubsetOf(Tr101290.PMT_ERROR, Tr101290.CONTINUITY_COUNT_ERROR);
        assertThat(pmt.get(Tr101290.PMT_ERROR)).isBetween(2L, 3L);
    }

    @Test
    void transportErrorBitsAreCountedAndTheirPacketsNotTrusted() throws IOException {
        TsEdit edit = TsEdit.read(clip());
        int video = edit.busiestPid();
        long marked = edit.packets().stream()
                .filter(p -> p.pid() == video && p.sec >= 2 && p.sec < 2.2)
                .count();
        edit.setTei(video, 2, 2.2);
        Map<Tr101290, Long> errors = errors(analyze(bytes(edit), 32 * 1024));
        assertThat(errors.get(Tr101290.TRANSPORT_ERROR)).isEqualTo(marked);
        // the marked packets are skipped, so the counter resumes after a gap: one continuity error
        assertThat(errors.get(Tr101290.CONTINUITY_COUNT_ERROR)).isEqualTo(1L);
    }

    @Test
    void aDamagedTableIsACrcError() throws IOException {
        TsEdit edit = TsEdit.read(clip());
        for (TsEdit.Pkt p : edit.packets()) {
            if (p.pid() == 0 && p.sec >= 5) {
                p.bytes[14] ^= 0x55; // inside the PAT's program loop
                break;
            }
        }
        assertThat(errors(analyze(bytes(edit), 32 * 1024))).containsExactly(Map.entry(Tr101290.CRC_ERROR, 1L));
    }

    @Test
    void pcrGapsAndJumpsAreTold() throws IOException {
        TsEdit sparse = TsEdit.read(clip()).stripPcr(4, 4.5);
        assertThat(errors(analyze(bytes(sparse), 32 * 1024)))
                .containsExactly(Map.entry(Tr101290.PCR_REPETITION_ERROR, 1L));

        TsEdit jump = TsEdit.read(clip());
        for (TsEdit.Pkt p : jump.packets()) {
            if (p.hasPcr() && p.sec >= 6) {
                addToPcr(p.bytes, 2.0); // the clock leaps two seconds, unannounced
            }
        }
        assertThat(errors(analyze(bytes(jump), 32 * 1024)))
                .containsExactly(Map.entry(Tr101290.PCR_DISCONTINUITY_INDICATOR_ERROR, 1L));
    }

    @Test
    void anAbsentPidIsAPidErrorAndItsPtsAPtsError() throws IOException {
        TsEdit edit = TsEdit.read(clip());
        int video = edit.busiestPid();
        edit.drop(p -> p.pid() != video
                && p.pid() != 0
                && p.pid() != 4096
                && p.pid() != 17
                && p.sec >= 3
                && p.sec < 5.5); // the audio stops for 2.5 s
        TsAnalyzer analyzer = new TsAnalyzer(1.0);
        feed(analyzer, bytes(edit), 32 * 1024);
        Map<Tr101290, Long> errors = errors(analyzer);
        assertThat(errors.get(Tr101290.PID_ERROR)).isBetween(2L, 3L);
        assertThat(errors.get(Tr101290.PTS_ERROR)).isBetween(2L, 4L);
        assertThat(errors.keySet()).isSubsetOf(Tr101290.PID_ERROR, Tr101290.PTS_ERROR, Tr101290.CONTINUITY_COUNT_ERROR);
    }

    @Test
    void junkInTheStreamLosesSyncAndItIsFoundAgain() throws IOException {
        byte[] ts = Files.readAllBytes(clip());
        int at = 188 * 5000 + 20;
        byte[] junk = new byte[ts.length + 100];
        System.arraycopy(ts, 0, junk, 0, at);
        System.arraycopy(ts, at, junk, at + 100, ts.length - at);
        TsAnalyzer analyzer = analyze(junk, 4096);
        Map<Tr101290, Long> errors = errors(analyzer);
        assertThat(errors.get(Tr101290.TS_SYNC_LOSS)).isEqualTo(1L);
        assertThat(errors.get(Tr101290.SYNC_BYTE_ERROR)).isEqualTo(2L);
        assertThat(analyzer.synced()).isTrue();
    }

    @Test
    void otherContainersAreNotTransportStreams() {
        Path mp4 = TestMedia.generate(
                "mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25",
                "-t",
                "30",
                "-c:v",
                "libopenh264",
                "-b:v",
                "1M",
                "OUT");
        TsAnalyzer analyzer = analyze(readQuietly(mp4), 32 * 1024);
        assertThat(analyzer.notTransportStream()).isTrue();
        assertThat(errors(analyzer)).isEmpty();
    }

    @Test
    void aStreamOfNullPacketsHasNoPat() {
        byte[] nulls = new byte[188 * 20_000];
        for (int i = 0; i < nulls.length; i += 188) {
            nulls[i] = 0x47;
            nulls[i + 1] = 0x1F;
            nulls[i + 2] = (byte) 0xFF;
            nulls[i + 3] = 0x10;
        }
        TsAnalyzer analyzer = analyze(nulls, 32 * 1024);
        for (int t = 0; t <= 30; t++) {
            analyzer.mediaClock(t / 10.0); // no PCR: the session's clock stands in
        }
        assertThat(analyzer.synced()).isTrue();
        assertThat(errors(analyzer)).containsOnlyKeys(Tr101290.PAT_ERROR);
        assertThat(errors(analyzer).get(Tr101290.PAT_ERROR)).isBetween(5L, 6L);
    }

    // ---- helpers ----

    private static int firstPayloadPacket(java.util.List<TsEdit.Pkt> packets, int pid, double atSec) {
        for (int i = 0; i < packets.size(); i++) {
            TsEdit.Pkt p = packets.get(i);
            if (p.pid() == pid && p.sec >= atSec && p.hasPayload() && !p.startsUnit()) {
                return i;
            }
        }
        throw new IllegalStateException("no packet");
    }

    private static void addToPcr(byte[] p, double sec) {
        long base = ((long) (p[6] & 0xFF) << 25)
                | ((p[7] & 0xFF) << 17)
                | ((p[8] & 0xFF) << 9)
                | ((p[9] & 0xFF) << 1)
                | ((p[10] & 0xFF) >> 7);
        base += (long) (sec * 90_000);
        p[6] = (byte) (base >> 25);
        p[7] = (byte) (base >> 17);
        p[8] = (byte) (base >> 9);
        p[9] = (byte) (base >> 1);
        p[10] = (byte) ((p[10] & 0x7F) | ((base & 1) << 7));
    }

    private byte[] bytes(TsEdit edit) throws IOException {
        Path out = edit.write(Files.createTempFile(dir, "edit", ".ts"));
        return Files.readAllBytes(out);
    }

    private static byte[] readQuietly(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TsAnalyzer analyze(byte[] ts, int chunk) {
        TsAnalyzer a = new TsAnalyzer(5.0);
        feed(a, ts, chunk);
        return a;
    }

    static void feed(TsAnalyzer a, byte[] ts, int chunk) {
        for (int o = 0; o < ts.length; o += chunk) {
            a.onBytes(ByteBuffer.wrap(ts, o, Math.min(chunk, ts.length - o)).slice());
        }
    }

    static TsAnalyzer analyzeRandomChunks(byte[] ts, long seed) {
        TsAnalyzer a = new TsAnalyzer(5.0);
        Random r = new Random(seed);
        int o = 0;
        while (o < ts.length) {
            int n = Math.min(1 + r.nextInt(5000), ts.length - o);
            a.onBytes(ByteBuffer.wrap(ts, o, n).slice());
            o += n;
        }
        return a;
    }

    static Map<Tr101290, Long> errors(TsAnalyzer a) {
        Map<Tr101290, Long> m = new EnumMap<>(Tr101290.class);
        long[] counts = a.counts();
        for (Tr101290 i : Tr101290.values()) {
            if (counts[i.ordinal()] > 0) {
                m.put(i, counts[i.ordinal()]);
            }
        }
        return m;
    }
}
