package dev.vigil.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How bad a defect is; users may override the default per detector. */
public enum Severity {
    MINOR,
    MAJOR,
    CRITICAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }

    /** The severity for a wire name; throws {@link IllegalArgumentException} for an unknown one. */
    @JsonCreator
    public static Severity parse(String name) {
        return fromWireName(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown severity '" + name + "' (known: minor, major, critical)"));
    }

    @Override
    public String toString() {
        return wireName();
    }
}
