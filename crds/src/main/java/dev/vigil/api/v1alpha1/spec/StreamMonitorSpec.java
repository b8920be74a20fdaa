package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.api.v1alpha1.validation.Rules;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to watch, with which detectors, and whom to tell.
 *
 * <p>{@code detectors} omitted: the standard set — the built-in detectors of the pool the monitor is placed on (the
 * pool carrying the largest part of them; never split across pools) — runs with its defaults. Given: exactly the listed
 * detectors run, each with its defaults overridden by what its entry sets ({@code enabled: false} keeps an
 * entry but pauses the detector).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"source", "detectors", "notify", "suspend"})
public class StreamMonitorSpec {

    public static final int MAX_DETECTORS = 32;

    @Required
    @JsonPropertyDescription("The stream to watch.")
    private SourceSpec source;

    @Size(max = MAX_DETECTORS)
    @ValidationRule(value = Rules.DETECTOR_KEYS, message = Rules.DETECTOR_KEYS_MESSAGE)
    @JsonPropertyDescription("Detectors to run, by name: freeze, black, blockiness, corruption, silence, clipping,"
            + " loudness, stall, transport, manifest (HLS/DASH delivery checks), av_sync, or model:<name> for a"
            + " bring-your-own ML model that a WorkerPool provides."
            + " Omitted: the standard set, i.e. the built-in detectors of the pool the monitor is placed on (the pool"
            + " carrying most of them), with their defaults. Given: only the listed detectors.")
    private Map<String, DetectorSpec> detectors;

    @JsonPropertyDescription("Where defects are reported besides the status.")
    private NotifySpec notify;

    @Default("false")
    @JsonPropertyDescription("Stop watching (the stream is disconnected and the monitor released from its worker)"
            + " without deleting the monitor.")
    private Boolean suspend;

    /** Adds or replaces one detector entry; returns this spec. */
    public StreamMonitorSpec withDetector(String name, DetectorSpec detector) {
        if (detectors == null) {
            detectors = new LinkedHashMap<>();
        }
        detectors.put(name, detector);
        return this;
    }

    public SourceSpec getSource() {
        return source;
    }

    public void setSource(SourceSpec source) {
        this.source = source;
    }

    public Map<String, DetectorSpec> getDetectors() {
        return detectors;
    }

    public void setDetectors(Map<String, DetectorSpec> detectors) {
        this.detectors = detectors;
    }

    public NotifySpec getNotify() {
        return notify;
    }

    public void setNotify(NotifySpec notify) {
        this.notify = notify;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        StreamMonitorSpec that = (StreamMonitorSpec) o;
        return Objects.equals(source, that.source)
                && Objects.equals(detectors, that.detectors)
                && Objects.equals(notify, that.notify)
                && Objects.equals(suspend, that.suspend);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, detectors, notify, suspend);
    }

    @Override
    public String toString() {
        return "StreamMonitorSpec{source=" + source + ", detectors=" + detectors + ", notify=" + notify + ", suspend="
                + suspend + "}";
    }
}
