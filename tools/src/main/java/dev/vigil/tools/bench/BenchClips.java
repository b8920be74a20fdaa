package dev.vigil.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The benchmark's clips: H.264 (openh264) + stereo AAC test signals, made once with the bundled ffmpeg. */
final class BenchClips {

    private BenchClips() {
    }

    static Path clip(Path dir, String label, int width, int height, int seconds, String bitrate)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = dir.resolve(label + "-" + seconds + "s.ts");
        if (Files.exists(out)) {
            return out;
        }
        Path tmp = dir.resolve(label + ".tmp.ts");
        FfmpegRun.run(List.of("-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000,volume=0.5",
                "-t", Integer.toString(seconds), "-ac", "2",
                "-c:v", "libopenh264", "-b:v", bitrate, "-g", "50", "-c:a", "aac", "-b:a", "128k",
                "-f", "mpegts", tmp.toString()));
        Files.move(tmp, out);
        return out;
    }
}
