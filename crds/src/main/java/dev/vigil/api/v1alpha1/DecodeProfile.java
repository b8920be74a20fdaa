package dev.vigil.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How much of each video stream a pool's workers decode ({@code WorkerPool.spec.decode.profile}). Fewer pictures
 * decoded cost fewer stream units ({@link StreamUnits#of(int, int, double, DecodeProfile)}); detectors judge time,
 * not frame counts, so freeze, black, stall, silence and corruption are still found.
 */
public enum DecodeProfile {
    /** Every picture, with the loop filter: what the stream shows. */
    FULL,
    /**
     * Only pictures that other pictures refer to (I and P pictures of broadcast IBBP encodes: about a third), without
     * the loop filter; a stream without B-frames has nothing else to skip and is decoded in full. Blockiness is
     * measured only on pictures decoded in full: while the stream is escalated, and on such streams.
     */
    ECONOMY,
    /** Only pictures that depend on no other (one per GOP): black, stall, silence and long freezes. */
    KEYFRAMES;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DecodeProfile> fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(name)).findFirst();
    }

    /** The profile for a wire name; throws {@link IllegalArgumentException} for an unknown one. */
    @JsonCreator
    public static DecodeProfile parse(String name) {
        return fromWireName(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown decode profile '" + name + "' (known: full, economy, keyframes)"));
    }

    @Override
    public String toString() {
        return wireName();
    }
}
