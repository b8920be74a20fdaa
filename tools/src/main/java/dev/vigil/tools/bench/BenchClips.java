package dev.vigil.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's clips, made once: clean H.264 (openh264) + stereo AAC test signals with the bundled ffmpeg, and
 * grainy x264 and broadcast-style encodes ({@link Encode}) with Debian's ({@link SystemFfmpeg}).
 */
final class BenchClips {

    private BenchClips() {}

    static Path clip(Path dir, String label, int width, int height, int seconds, String bitrate)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = dir.resolve(label + "-" + seconds + "s.ts");
        if (Files.exists(out)) {
            return out;
        }
        Path tmp = dir.resolve(label + ".tmp.ts");
        FfmpegRun.run(List.of(
                "-loglevel",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000,volume=0.5",
                "-t",
                Integer.toString(seconds),
                "-ac",
                "2",
                "-c:v",
                "libopenh264",
                "-b:v",
                bitrate,
                "-g",
                "50",
                "-c:a",
                "aac",
                "-b:a",
                "128k",
                "-f",
                "mpegts",
                tmp.toString()));
        Files.move(tmp, out);
        return out;
    }

    /**
     * testsrc2 with temporal grain through x264 with B-frames (its default GOP structure: B-pyramid, adaptive
     * B-frames): what camera content costs to decode, unlike clean synthetic pictures.
     */
    static Path grain(Path dir, String label, int width, int height, int seconds, String bitrate)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = dir.resolve("grain-" + label + "-" + seconds + "s.ts");
        if (Files.exists(out)) {
            return out;
        }
        Path tmp = dir.resolve("grain-" + label + ".tmp.ts");
        FfmpegRun.runWith(
                systemFfmpeg(),
                List.of(
                        "-loglevel",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=" + width + "x" + height + ":rate=25,noise=alls=8:allf=t",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=48000,volume=0.5",
                        "-t",
                        Integer.toString(seconds),
                        "-ac",
                        "2",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "veryfast",
                        "-b:v",
                        bitrate,
                        "-g",
                        "50",
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        "-b:a",
                        "128k",
                        "-f",
                        "mpegts",
                        tmp.toString()));
        Files.move(tmp, out);
        return out;
    }

    /** A broadcast-style encode of {@code seconds}, in MPEG-TS. */
    static Path broadcast(Path dir, Encode e, int seconds) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String name = e.label().replaceAll("[^A-Za-z0-9]+", "-") + "-" + seconds + "s";
        Path out = dir.resolve(name + ".ts");
        if (Files.exists(out)) {
            return out;
        }
        Path tmp = dir.resolve(name + ".tmp.ts");
        List<String> args = new java.util.ArrayList<>(List.of(
                "-loglevel",
                "error",
                "-f",
                "lavfi",
                "-i",
                e.source(),
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000,volume=0.5",
                "-t",
                Integer.toString(seconds),
                "-ac",
                "2"));
        args.addAll(e.video());
        args.addAll(e.audio());
        args.addAll(List.of("-f", "mpegts", tmp.toString()));
        FfmpegRun.runWith(systemFfmpeg(), args);
        Files.move(tmp, out);
        return out;
    }

    private static String systemFfmpeg() throws IOException {
        return SystemFfmpeg.path().orElseThrow(() -> new IOException("no system ffmpeg: " + SystemFfmpeg.INSTALL_HINT));
    }
}
