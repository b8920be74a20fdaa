package dev.vigil.worker.testing;

import dev.vigil.worker.ffmpeg.BundledFfmpeg;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Test media made on the spot with the FFmpeg build Vigil ships (lavfi test sources, openh264, aac):
 * nothing is downloaded. Clips are cached under target/test-media by a hash of their recipe.
 */
public final class TestMedia {

    private static final Path DIR = Path.of("target", "test-media");
    /** Debian's ffmpeg: libx264 and libx265. */
    public static final String SYSTEM_FFMPEG = "/usr/bin/ffmpeg";

    private TestMedia() {}

    /**
     * Generates (once) a file from ffmpeg arguments; {@code OUT} in the arguments is replaced by the path.
     */
    public static synchronized Path generate(String extension, String... args) {
        return generateWith(ffmpeg(), extension, args);
    }

    /**
     * The same with Debian's ffmpeg (libx264, libx265: B-frame H.264 and HEVC encodes, which the bundled build cannot
     * make), installed by {@code hack/system-packages.sh}; the test is skipped, saying so, where it is missing.
     */
    public static Path generateWithX264(String extension, String... args) {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of(SYSTEM_FFMPEG)),
                "needs " + SYSTEM_FFMPEG + " with libx264/libx265: run hack/system-packages.sh");
        return generateWith(SYSTEM_FFMPEG, extension, args);
    }

    private static synchronized Path generateWith(String executable, String extension, String... args) {
        try {
            Files.createDirectories(DIR);
            String recipe = (executable.equals(SYSTEM_FFMPEG) ? "system\u0000" : "") + String.join("\u0000", args);
            Path out = DIR.resolve(hash(recipe) + "." + extension);
            if (Files.exists(out)) {
                return out;
            }
            Path tmp = DIR.resolve(hash(recipe) + ".tmp." + extension);
            List<String> cmd = new ArrayList<>(List.of(executable, "-hide_banner", "-loglevel", "error", "-y"));
            for (String a : args) {
                cmd.add(a.equals("OUT") ? tmp.toString() : a);
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg failed: " + output + "\n" + cmd);
            }
            Files.move(tmp, out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The directory the clips are generated in, absolute and ending in '/' (for a pool's spec.sources.filePaths). */
    public static String directory() {
        try {
            Files.createDirectories(DIR);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return DIR.toAbsolutePath().normalize() + "/";
    }

    /** Starts ffmpeg in the background (a live sender); the caller stops it. */
    public static Process start(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y"));
        cmd.addAll(List.of(args));
        try {
            return new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(
                            DIR.resolve("sender-" + System.nanoTime() + ".log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String ffmpeg() {
        try {
            Files.createDirectories(DIR);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return BundledFfmpeg.path();
    }

    public static int freeTcpPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
