package dev.vigil.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Debian's ffmpeg (GPL build with libx264 and libx265), installed by {@code hack/system-packages.sh}: the bundled LGPL
 * build encodes H.264 with openh264 only (no B-frames) and no HEVC, so broadcast-style encodes are made with this one.
 * Decoding is always measured with the bundled build, the one Vigil decodes with.
 */
final class SystemFfmpeg {

    static final String INSTALL_HINT = "install Debian's ffmpeg (hack/system-packages.sh) for the x264/x265 clips";

    private SystemFfmpeg() {}

    /** The executable: {@code $VIGIL_SYSTEM_FFMPEG}, else /usr/bin/ffmpeg; empty when there is none. */
    static Optional<String> path() {
        String configured = System.getenv("VIGIL_SYSTEM_FFMPEG");
        Path p = Path.of(configured != null && !configured.isBlank() ? configured : "/usr/bin/ffmpeg");
        return Files.isExecutable(p) ? Optional.of(p.toString()) : Optional.empty();
    }
}
