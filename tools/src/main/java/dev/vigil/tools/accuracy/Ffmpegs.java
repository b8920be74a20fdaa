package dev.vigil.tools.accuracy;

import dev.vigil.worker.ffmpeg.BundledFfmpeg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The two FFmpeg builds the corpus uses: the one bundled with Vigil (FFmpeg 7.1.1 from the JavaCPP presets: openh264, MPEG-2, AAC, AC-3,
 * E-AC-3, MP2, Opus, and the filters the comparison runs) and a system one with libx264 and libx265 (Debian's
 * {@code ffmpeg} 5.1, installed by {@code hack/system-packages.sh}; another one with {@code VIGIL_SYSTEM_FFMPEG}).
 */
final class Ffmpegs {

    private static String system;

    private Ffmpegs() {}

    static String bundled() {
        return BundledFfmpeg.path();
    }

    /** The system ffmpeg, checked to have libx264 and libx265. */
    static synchronized String system() {
        if (system == null) {
            String candidate = System.getenv().getOrDefault("VIGIL_SYSTEM_FFMPEG", "/usr/bin/ffmpeg");
            String encoders = Files.isExecutable(Path.of(candidate))
                    ? run(List.of(candidate, "-hide_banner", "-encoders"), 60)
                    : "";
            if (!encoders.contains("libx264") || !encoders.contains("libx265")) {
                throw new IllegalStateException(
                        "clips encoded with x264/x265 need an ffmpeg with libx264 and libx265 at " + candidate
                                + " (Debian: hack/system-packages.sh; elsewhere set VIGIL_SYSTEM_FFMPEG)");
            }
            system = candidate;
        }
        return system;
    }

    /** Whether the system ffmpeg is there (clips that need it can be made). */
    static boolean hasSystem() {
        try {
            system();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * Runs a command to the end and returns its output (stdout and stderr together).
     *
     * @throws IllegalStateException when it fails or takes longer than {@code timeoutSec}, with its last output
     */
    static String run(List<String> command, int timeoutSec) {
        try {
            Path log = Files.createTempFile("vigil-eval", ".log");
            try {
                Process p = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                boolean done = p.waitFor(timeoutSec, TimeUnit.SECONDS);
                if (!done) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                String out = Files.readString(log, StandardCharsets.UTF_8);
                if (!done || p.exitValue() != 0) {
                    String tail = out.length() > 2000 ? out.substring(out.length() - 2000) : out;
                    throw new IllegalStateException((done ? "failed (exit " + p.exitValue() + ")" : "timed out") + ": "
                            + String.join(" ", command) + "\n" + tail);
                }
                return out;
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static List<String> command(String ffmpeg, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-y"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
