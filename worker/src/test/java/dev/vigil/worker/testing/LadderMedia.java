package dev.vigil.worker.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Segments for a live test ladder, made once with the bundled FFmpeg (test pattern and tone, openh264 + aac) and
 * cached under target/test-media: each rendition is {@link #SEGMENTS} one-second MPEG-TS segments (HLS) and one
 * representation of one-second fMP4 segments (DASH). The test origin loops them as an endless live stream.
 */
public final class LadderMedia {

    public static final int SEGMENTS = 8;
    /** Width, height, bit rate of each rendition, lowest first. */
    public static final int[][] RENDITIONS = {{320, 180, 200_000}, {480, 270, 400_000}, {640, 360, 800_000}};

    private static final Path DIR = Path.of("target", "test-media", "ladder-v1");

    private LadderMedia() {}

    /** The HLS segment {@code index} (0 to SEGMENTS-1) of rendition {@code r}. */
    public static Path hlsSegment(int r, int index) {
        return DIR.resolve(String.format("r%d_%03d.ts", r, index));
    }

    /** The DASH init segment and media segment {@code number} (1 to SEGMENTS). */
    public static Path dashInit() {
        return DIR.resolve("dash").resolve("init-0.m4s");
    }

    public static Path dashSegment(int number) {
        return DIR.resolve("dash").resolve(String.format("chunk-0-%05d.m4s", number));
    }

    public static synchronized void ensure() {
        try {
            if (Files.exists(DIR.resolve("done"))) {
                return;
            }
            Files.createDirectories(DIR.resolve("dash"));
            for (int r = 0; r < RENDITIONS.length; r++) {
                int[] q = RENDITIONS[r];
                run(
                        source(q[0], q[1]),
                        List.of(
                                "-c:v",
                                "libopenh264",
                                "-b:v",
                                Integer.toString(q[2]),
                                "-g",
                                "25",
                                "-c:a",
                                "aac",
                                "-b:a",
                                "64k",
                                "-f",
                                "hls",
                                "-hls_time",
                                "1",
                                "-hls_list_size",
                                "0",
                                "-hls_segment_filename",
                                DIR.resolve("r" + r + "_%03d.ts").toString(),
                                DIR.resolve("r" + r + ".m3u8").toString()));
            }
            run(
                    source(320, 180),
                    List.of(
                            "-map",
                            "0:v",
                            "-c:v",
                            "libopenh264",
                            "-b:v",
                            "200k",
                            "-g",
                            "25",
                            "-f",
                            "dash",
                            "-seg_duration",
                            "1",
                            "-use_template",
                            "1",
                            "-use_timeline",
                            "1",
                            "-init_seg_name",
                            "init-$RepresentationID$.m4s",
                            "-media_seg_name",
                            "chunk-$RepresentationID$-$Number%05d$.m4s",
                            DIR.resolve("dash").resolve("live.mpd").toString()));
            for (int r = 0; r < RENDITIONS.length; r++) {
                for (int i = 0; i < SEGMENTS; i++) {
                    if (!Files.exists(hlsSegment(r, i))) {
                        throw new IllegalStateException("ffmpeg made no " + hlsSegment(r, i));
                    }
                }
            }
            for (int n = 1; n <= SEGMENTS; n++) {
                if (!Files.exists(dashSegment(n))) {
                    throw new IllegalStateException("ffmpeg made no " + dashSegment(n));
                }
            }
            Files.writeString(DIR.resolve("done"), "ok");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> source(int w, int h) {
        return List.of(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + w + "x" + h + ":rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                Integer.toString(SEGMENTS),
                "-ac",
                "2");
    }

    private static void run(List<String> input, List<String> output) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(TestMedia.ffmpeg(), "-hide_banner", "-loglevel", "error", "-y"));
        cmd.addAll(input);
        cmd.addAll(output);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + out + "\n" + cmd);
        }
    }

    static List<Path> all() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.toList();
        }
    }
}
