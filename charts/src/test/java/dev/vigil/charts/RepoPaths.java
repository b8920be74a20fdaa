package dev.vigil.charts;

import java.nio.file.Path;

/** Where things are in the repository; the build passes the root as {@code vigil.root}. */
final class RepoPaths {

    private RepoPaths() {}

    static Path root() {
        return Path.of(System.getProperty("vigil.root", "..")).toAbsolutePath().normalize();
    }

    static Path chart() {
        return root().resolve("charts/vigil");
    }

    static Path examples() {
        return root().resolve("examples");
    }

    static Path generatedCrds() {
        return root().resolve("crds/generated");
    }
}
