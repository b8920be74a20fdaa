package dev.vigil.worker.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium}, headless, to render pages the way people will see them: the DOM after layout and
 * scripts ({@code --dump-dom}) and a screenshot. Each run gets a fresh profile and no network or background
 * services. Without the binary the calling test is skipped, or fails when {@code VIGIL_REQUIRE_CHROMIUM=true}
 * (CI, which installs it with hack/system-packages.sh).
 */
public final class HeadlessChromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private final String binary;

    private HeadlessChromium(String binary) {
        this.binary = binary;
    }

    /** The browser, or the calling test skipped (failed in CI) with the reason. */
    public static HeadlessChromium require() {
        String found = find();
        if (found == null) {
            String why = "headless Chromium not found (" + String.join(", ", NAMES) + " on PATH): install Debian's"
                    + " chromium (hack/system-packages.sh)";
            if ("true".equalsIgnoreCase(System.getenv("VIGIL_REQUIRE_CHROMIUM"))) {
                throw new AssertionError(why + "; VIGIL_REQUIRE_CHROMIUM=true requires it");
            }
            Assumptions.assumeTrue(false, why);
        }
        return new HeadlessChromium(found);
    }

    /** The page's DOM once loaded and laid out, scripts run. */
    public String dumpDom(Path page, int width, int height) throws Exception {
        return run(page, width, height, "--dump-dom");
    }

    /** A PNG of the page's first {@code height} pixels at {@code width}. */
    public void screenshot(Path page, Path png, int width, int height) throws Exception {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(page, width, height, "--screenshot=" + png.toAbsolutePath());
        if (!Files.isRegularFile(png)) {
            throw new IllegalStateException("chromium wrote no screenshot to " + png);
        }
    }

    private String run(Path page, int width, int height, String what) throws Exception {
        Path profile = Files.createTempDirectory("vigil-chromium-");
        try {
            List<String> cmd = new ArrayList<>(List.of(
                    binary,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-extensions",
                    "--hide-scrollbars",
                    "--user-data-dir=" + profile,
                    "--window-size=" + width + "," + height,
                    "--virtual-time-budget=5000",
                    what,
                    page.toAbsolutePath().toUri().toString()));
            Path out = profile.resolve("stdout.txt");
            Process p = new ProcessBuilder(cmd)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("chromium did not finish within 90 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("chromium exited with " + p.exitValue());
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            deleteTree(profile);
        }
    }

    private static String find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String name : NAMES) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a profile left in the temp directory is harmless
        }
    }
}
