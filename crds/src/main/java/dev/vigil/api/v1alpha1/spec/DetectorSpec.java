package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.api.v1alpha1.Severity;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.Map;
import java.util.Objects;

/**
 * Overrides of one detector's defaults. Whatever is not set keeps the detector's default (each detector
 * documents its own, next to FFmpeg's equivalent: freezedetect n=0.001 d=2 s, blackdetect pix_th=0.10
 * d=2 s, silencedetect -60 dB d=2 s, EBU R128 -23 LUFS, true peak -1 dBTP).
 *
 * <p>Threshold names per detector (numbers; units in the name): silence {@code levelDb}, {@code windowSec};
 * clipping {@code levelDb}, {@code minRunSamples}, {@code minRunsPerSecond}; loudness {@code targetLufs},
 * {@code toleranceLu}, {@code truePeakDbtp}; stall {@code gapSec}; manifest {@code staleTargetDurations},
 * {@code pollTargetDurations}, {@code holdTargetDurations}, {@code timeoutSec}, {@code failuresToRaise},
 * {@code probeSegments}, {@code outOfStepTargetDurations}, {@code cueGraceTargetDurations}, {@code minBandwidth},
 * {@code maxBandwidth}, {@code decodeMaxBandwidth}, {@code decodeMaxHeight}, {@code clockSkewSec}; every
 * {@code model:<name>} {@code score} (the model's threshold) and {@code samplesPerSec} (frames per second given to
 * the model, default 2). Unknown names are rejected by the worker.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"enabled", "severity", "raiseSec", "clearSec", "thresholds"})
public class DetectorSpec {

    public static final int MAX_HOLD_SEC = 3600;
    public static final int MAX_THRESHOLDS = 16;

    @Default("true")
    @JsonPropertyDescription("Run this detector. Default true.")
    private Boolean enabled;

    @JsonPropertyDescription("Severity of the defects this detector reports: minor, major or critical."
            + " Default: the detector's own.")
    private Severity severity;

    @Min(0)
    @Max(MAX_HOLD_SEC)
    @JsonPropertyDescription("Seconds a condition must last before a defect is raised (0 to 3600).")
    private Double raiseSec;

    @Min(0)
    @Max(MAX_HOLD_SEC)
    @JsonPropertyDescription("Seconds a condition must be gone before the defect is cleared (0 to 3600).")
    private Double clearSec;

    @Size(max = MAX_THRESHOLDS)
    @JsonPropertyDescription("Detector-specific thresholds by name, e.g. silence levelDb: -60,"
            + " loudness targetLufs: -23, stall gapSec: 2.")
    private Map<String, Double> thresholds;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public Severity getSeverity() {
        return severity;
    }

    public void setSeverity(Severity severity) {
        this.severity = severity;
    }

    public Double getRaiseSec() {
        return raiseSec;
    }

    public void setRaiseSec(Double raiseSec) {
        this.raiseSec = raiseSec;
    }

    public Double getClearSec() {
        return clearSec;
    }

    public void setClearSec(Double clearSec) {
        this.clearSec = clearSec;
    }

    public Map<String, Double> getThresholds() {
        return thresholds;
    }

    public void setThresholds(Map<String, Double> thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        DetectorSpec that = (DetectorSpec) o;
        return Objects.equals(enabled, that.enabled)
                && Objects.equals(severity, that.severity)
                && Objects.equals(raiseSec, that.raiseSec)
                && Objects.equals(clearSec, that.clearSec)
                && Objects.equals(thresholds, that.thresholds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, severity, raiseSec, clearSec, thresholds);
    }

    @Override
    public String toString() {
        return "DetectorSpec{enabled=" + enabled + ", severity=" + severity + ", raiseSec=" + raiseSec + ", clearSec="
                + clearSec + ", thresholds=" + thresholds + "}";
    }
}
