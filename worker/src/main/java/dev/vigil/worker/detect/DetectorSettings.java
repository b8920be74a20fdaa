package dev.vigil.worker.detect;

import dev.vigil.api.v1alpha1.Severity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a user can tune for one detector: on/off, severity, hold times and named numeric thresholds.
 * Each detector publishes its defaults; user settings are merged over them, and a threshold name the
 * detector does not know is an error (see {@link #withOverrides}).
 *
 * @param raiseSec minimum duration the condition must hold before a defect opens
 * @param clearSec how long the condition must be absent before an open defect closes
 */
public record DetectorSettings(
        boolean enabled, Severity severity, double raiseSec, double clearSec, Map<String, Double> thresholds) {

    public DetectorSettings {
        if (raiseSec < 0 || clearSec < 0) {
            throw new IllegalArgumentException("raiseSec and clearSec must be >= 0");
        }
        thresholds = Map.copyOf(thresholds);
    }

    public double threshold(String name) {
        Double value = thresholds.get(name);
        if (value == null) {
            throw new IllegalStateException("no threshold '" + name + "' in " + thresholds.keySet());
        }
        return value;
    }

    /**
     * Returns these settings with user overrides applied.
     *
     * @throws IllegalArgumentException naming the unknown threshold and the known ones
     */
    public DetectorSettings withOverrides(
            Boolean enabled,
            Severity severity,
            Double raiseSec,
            Double clearSec,
            Map<String, Double> thresholdOverrides) {
        Map<String, Double> merged = new LinkedHashMap<>(thresholds);
        for (Map.Entry<String, Double> e : thresholdOverrides.entrySet()) {
            if (!thresholds.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown threshold '" + e.getKey() + "' (known: "
                        + String.join(", ", thresholds.keySet()) + ")");
            }
            merged.put(e.getKey(), e.getValue());
        }
        return new DetectorSettings(
                enabled != null ? enabled : this.enabled,
                severity != null ? severity : this.severity,
                raiseSec != null ? raiseSec : this.raiseSec,
                clearSec != null ? clearSec : this.clearSec,
                merged);
    }

    public DetectorSettings withThreshold(String name, double value) {
        return withOverrides(null, null, null, null, Map.of(name, value));
    }

    public DetectorSettings withHold(double raiseSec, double clearSec) {
        return withOverrides(null, null, raiseSec, clearSec, Map.of());
    }
}
