package dev.vigil.api.v1alpha1;

import java.util.Locale;

/** How bad a defect is; users may override the default per detector. */
public enum Severity {
    MINOR,
    MAJOR,
    CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
