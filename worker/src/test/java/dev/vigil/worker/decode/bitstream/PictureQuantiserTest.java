package dev.vigil.worker.decode.bitstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.source.MediaKind;
import dev.vigil.worker.source.MediaSource;
import dev.vigil.worker.source.Packet;
import dev.vigil.worker.source.SourceOptions;
import dev.vigil.worker.testing.TestMedia;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each picture's QP as read from its slice header, against what FFmpeg's own decoder reports for it
 * ({@code -debug qp}) on real encodes: openh264 (CAVLC, its rate control moving the QP picture by picture) in
 * MPEG-TS, x264 (CABAC, B-frames, weighted prediction) in MP4 and interlaced in MPEG-TS.
 */
class PictureQuantiserTest {

    /** One line of FFmpeg's log from an H.264 decoder: which decoder (its address), and what it said. */
    private static final Pattern DECODER_LINE = Pattern.compile("^\\[h264 @ (0x[0-9a-f]+)\\] (.*)$");
    /**
     * The first row of a picture's QPs: FFmpeg 7 puts a row of column numbers and a row number before the values,
     * FFmpeg 5 neither.
     */
    private static final Pattern FIRST_QP = Pattern.compile("^(?:  0 )?([ \\d]\\d)[ \\d]*$");

    @Test
    void readsTheQuantiserOfEveryOpenh264PictureAsTheDecoderDoes() throws Exception {
        // constant bit rate over grain and motion: the encoder moves the QP from picture to picture
        Path clip = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25,noise=alls=20:allf=t",
                "-t",
                "4",
                "-c:v",
                "libopenh264",
                "-b:v",
                "1500k",
                "-g",
                "50",
                "OUT");

        List<Integer> read = quantisers(clip);
        List<Integer> decoded = decoderQuantisers(TestMedia.ffmpeg(), clip);

        assertThat(read).hasSize(100).doesNotContain(PictureQuantiser.UNKNOWN);
        // no B-frames: decode order is display order, picture for picture
        assertThat(read).isEqualTo(decoded);
        assertThat(read.stream().distinct().count())
                .as("the rate control moved the QP")
                .isGreaterThan(3);
    }

    @Test
    void readsX264PicturesWithBFramesAndWeightedPredictionFromMp4() throws Exception {
        Path clip = TestMedia.generateWithX264(
                "mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25",
                "-t",
                "4",
                "-c:v",
                "libx264",
                "-preset",
                "medium",
                "-qp",
                "27",
                "-bf",
                "2",
                "-weightp",
                "2",
                "-g",
                "25",
                "OUT");

        assertSameQuantisersAsTheDecoder(clip, TestMedia.SYSTEM_FFMPEG);
    }

    @Test
    void readsInterlacedX264PicturesFromMpegTs() throws Exception {
        Path clip = TestMedia.generateWithX264(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=720x576:rate=25",
                "-t",
                "4",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-qp",
                "30",
                "-bf",
                "2",
                "-flags",
                "+ildct+ilme",
                "-x264-params",
                "interlaced=1:tff=1",
                "-g",
                "12",
                "OUT");

        assertSameQuantisersAsTheDecoder(clip, TestMedia.SYSTEM_FFMPEG);
    }

    @Test
    void answersUnknownForDamagedOrForeignPacketsWithoutThrowing() throws Exception {
        Path clip = TestMedia.generate(
                "ts", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "1", "-c:v", "libopenh264", "OUT");
        PictureQuantiser q;
        List<byte[]> packets = new ArrayList<>();
        try (MediaSource s = new MediaSource(clip.toString(), SourceOptions.DEFAULTS)) {
            s.open();
            q = PictureQuantiser.of(s.stream(MediaKind.VIDEO).codecpar());
            Packet p;
            while ((p = s.read()) != null) {
                if (p.kind() == MediaKind.VIDEO) {
                    byte[] b = new byte[p.size()];
                    p.av().data().get(b, 0, b.length);
                    packets.add(b);
                }
            }
        }
        byte[] key = packets.get(0);
        byte[] next = packets.get(1);
        assertThat(q.qp(key, key.length)).isBetween(0, 51);
        assertThat(q.qp(next, next.length)).isBetween(0, 51);
        // cut inside the slice header
        int slice = sliceStart(next);
        assertThat(q.qp(next, slice + 1)).isEqualTo(PictureQuantiser.UNKNOWN);
        // noise, and noise behind a start code
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            if (junk.length > 4 && i % 2 == 0) {
                junk[0] = 0;
                junk[1] = 0;
                junk[2] = 1;
            }
            int qp = q.qp(junk, junk.length);
            assertThat(qp).isBetween(PictureQuantiser.UNKNOWN, 63);
        }
        // a stream of another codec never has a QP here
        assertThat(PictureQuantiser.of(null).qp(next, next.length)).isEqualTo(PictureQuantiser.UNKNOWN);
        // parameter sets never seen: a fresh reader cannot read the slice
        assertThat(PictureQuantiser.h264(new byte[0]).qp(next, next.length)).isEqualTo(PictureQuantiser.UNKNOWN);
    }

    private static void assertSameQuantisersAsTheDecoder(Path clip, String ffmpeg) throws Exception {
        List<Integer> read = quantisers(clip);
        List<Integer> decoded = decoderQuantisers(ffmpeg, clip);
        assertThat(read).hasSize(100).doesNotContain(PictureQuantiser.UNKNOWN);
        // the decoder reports in its own order: compare what each QP counts
        assertThat(read).containsExactlyInAnyOrderElementsOf(decoded);
        assertThat(read.stream().distinct().count())
                .as("I, P and B pictures at their own QPs")
                .isGreaterThan(1);
    }

    private static List<Integer> quantisers(Path clip) throws Exception {
        List<Integer> qps = new ArrayList<>();
        try (MediaSource s = new MediaSource(clip.toString(), SourceOptions.DEFAULTS)) {
            s.open();
            PictureQuantiser q = PictureQuantiser.of(s.stream(MediaKind.VIDEO).codecpar());
            assertThat(q.reads()).isTrue();
            Packet p;
            while ((p = s.read()) != null) {
                if (p.kind() == MediaKind.VIDEO) {
                    qps.add(q.qp(p.av()));
                }
            }
        }
        return qps;
    }

    /** The QP of each of the clip's 100 pictures' first macroblock, as FFmpeg's H.264 decoder prints it. */
    private static List<Integer> decoderQuantisers(String ffmpeg, Path clip) throws Exception {
        Process p = new ProcessBuilder(
                        ffmpeg,
                        "-hide_banner",
                        "-nostats", // no progress line: it would land between a picture's log lines
                        "-threads",
                        "1",
                        "-debug",
                        "qp",
                        "-i",
                        clip.toString(),
                        "-an",
                        "-f",
                        "null",
                        "-")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // the stream probe's decoder logs the first pictures before the decoder proper, and lines of other threads
        // may come between a picture's: follow each decoder by its address and keep the last one's pictures
        Map<String, List<Integer>> byDecoder = new LinkedHashMap<>();
        Set<String> newFrame = new HashSet<>();
        String last = null;
        for (String line : out.split("\\R")) {
            Matcher m = DECODER_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String decoder = m.group(1);
            if (m.group(2).startsWith("New frame")) {
                newFrame.add(decoder);
                last = decoder;
                continue;
            }
            Matcher qp = FIRST_QP.matcher(m.group(2));
            if (newFrame.contains(decoder) && qp.matches()) {
                byDecoder
                        .computeIfAbsent(decoder, d -> new ArrayList<>())
                        .add(Integer.parseInt(qp.group(1).trim()));
                newFrame.remove(decoder);
            }
        }
        List<Integer> qps = last == null ? List.of() : byDecoder.getOrDefault(last, List.of());
        // the decoder proper may reuse the probe's address: its pictures are the clip's last 100
        return qps.subList(Math.max(0, qps.size() - 100), qps.size());
    }

    private static int sliceStart(byte[] packet) {
        for (int i = 0; i + 3 < packet.length; i++) {
            if (packet[i] == 0 && packet[i + 1] == 0 && packet[i + 2] == 1) {
                int type = packet[i + 3] & 0x1F;
                if (type == 1 || type == 5) {
                    return i + 3;
                }
            }
        }
        throw new AssertionError("no slice in the packet");
    }
}
