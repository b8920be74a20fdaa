package dev.vigil.worker.detect;

import dev.vigil.api.v1alpha1.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One defect interval in media time (seconds from the first decoded frame).
 *
 * @param endSec    NaN while the defect is still open
 * @param openAtEnd true when the media ended (or analysis stopped) with the defect still open
 * @param detail    detector-specific measurements, small and JSON-friendly
 */
public record Defect(
        DetectorName type,
        double startSec,
        double endSec,
        Severity severity,
        Map<String, Object> detail,
        boolean openAtEnd) {

    public Defect {
        // keep the detector's order: reports print the detail as the detector laid it out
        detail = Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }

    /** Detail key naming which of a detector's checks found the defect (transport, manifest), if it has several. */
    public static final String CHECK = "check";

    /**
     * Which check of its detector this defect comes from, or null for detectors with one condition. Defects of
     * one type but different checks are distinct: both may be open at once.
     */
    public String check() {
        Object c = detail.get(CHECK);
        return c == null ? null : c.toString();
    }

    /** Type and check: what tells one open defect from another of the same stream. */
    public String key() {
        String c = check();
        return c == null ? type.wireName() : type.wireName() + "/" + c;
    }

    public boolean isOpen() {
        return Double.isNaN(endSec);
    }

    public double durationSec() {
        return endSec - startSec;
    }

    /** The same open defect at another severity (a short event that went on long enough to escalate). */
    Defect withSeverity(Severity newSeverity, Map<String, Object> newDetail) {
        return new Defect(type, startSec, endSec, newSeverity, newDetail, openAtEnd);
    }

    Defect closedAt(double endSec, Map<String, Object> closingDetail, boolean openAtEnd) {
        return new Defect(type, startSec, endSec, severity, closingDetail, openAtEnd);
    }
}
