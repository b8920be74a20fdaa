package dev.vigil.worker.evidence;

import dev.vigil.worker.detect.Defect;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Object keys of a defect's evidence: {@code <prefix>/<namespace>/<monitor>/<start>-<type>} in a cluster, the
 * start a UTC wall-clock time ({@code 20260314T093015.120Z}); {@code <start>-<type>} on the command line, the
 * start in media seconds ({@code 00012.04s}). {@code .jpg} and {@code .ts} (or {@code .mkv}) are appended.
 * Types with a check (transport, manifest) and models read {@code transport-pat_error}, {@code model-corruption}.
 */
public final class EvidenceNaming {

    private static final DateTimeFormatter WALL =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String folder;

    private EvidenceNaming(String folder) {
        this.folder = folder;
    }

    /** Keys for a monitor's defects in a cluster. */
    public static EvidenceNaming forMonitor(String prefix, String namespace, String monitor) {
        String p = prefix == null || prefix.isBlank() ? "" : prefix.replaceAll("^/+|/+$", "") + "/";
        return new EvidenceNaming(p + namespace + "/" + monitor + "/");
    }

    /** File names for the command line: media time. */
    public static EvidenceNaming forMediaTime() {
        return new EvidenceNaming(null);
    }

    /** @param startMillis wall-clock time of the defect's start (cluster keys only) */
    String stem(Defect defect, long startMillis) {
        String type = defect.key().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-");
        if (folder == null) {
            return String.format(Locale.ROOT, "%08.2fs-%s", Math.max(0, defect.startSec()), type);
        }
        return folder + WALL.format(Instant.ofEpochMilli(startMillis)) + "-" + type;
    }
}
