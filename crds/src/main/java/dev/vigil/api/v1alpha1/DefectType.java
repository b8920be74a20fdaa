package dev.vigil.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of defect Vigil reports. The wire name (lower case) is what users write in
 * {@code StreamMonitor.spec.detectors}, what {@code vigil analyze --detectors} accepts and what
 * reports and status carry.
 */
public enum DefectType {
    FREEZE,
    BLACK,
    BLOCKINESS,
    CORRUPTION,
    SILENCE,
    CLIPPING,
    LOUDNESS,
    STALL,
    TRANSPORT,
    /** HLS/DASH delivery: playlists and MPDs that are stale, inconsistent or unavailable (detail.check says which). */
    MANIFEST,
    AV_SYNC;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DefectType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }

    /** The type for a wire name; throws {@link IllegalArgumentException} for an unknown one. */
    @JsonCreator
    public static DefectType parse(String name) {
        return fromWireName(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown defect type '" + name + "' (known: "
                        + String.join(
                                ", ",
                                Arrays.stream(values())
                                        .map(DefectType::wireName)
                                        .toList()) + ")"));
    }

    @Override
    public String toString() {
        return wireName();
    }
}
