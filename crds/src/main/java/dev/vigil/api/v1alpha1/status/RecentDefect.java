package dev.vigil.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.api.v1alpha1.Severity;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A defect that has cleared. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "check", "severity", "startTime", "endTime", "durationSec", "evidence"})
public class RecentDefect {

    @Required
    @JsonPropertyDescription("Detector name: a built-in defect type (freeze, black, ...) or model:<name>.")
    private String type;

    @JsonPropertyDescription("Which check of the detector found it, for detectors with several (transport: the"
            + " TR 101 290 indicator, e.g. continuity_count_error).")
    private String check;

    @Required
    @JsonPropertyDescription("minor, major or critical.")
    private Severity severity;

    @Required
    @JsonPropertyDescription("When the defect opened (RFC 3339).")
    private String startTime;

    @Required
    @JsonPropertyDescription("When the defect cleared (RFC 3339).")
    private String endTime;

    @JsonPropertyDescription("Length of the defect in media time, seconds.")
    private Double durationSec;

    @JsonPropertyDescription("Thumbnail and clip of the defect, when the pool keeps evidence.")
    private DefectEvidence evidence;

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getCheck() {
        return check;
    }

    public void setCheck(String check) {
        this.check = check;
    }

    public Severity getSeverity() {
        return severity;
    }

    public void setSeverity(Severity severity) {
        this.severity = severity;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getEndTime() {
        return endTime;
    }

    public void setEndTime(String endTime) {
        this.endTime = endTime;
    }

    public Double getDurationSec() {
        return durationSec;
    }

    public void setDurationSec(Double durationSec) {
        this.durationSec = durationSec;
    }

    public DefectEvidence getEvidence() {
        return evidence;
    }

    public void setEvidence(DefectEvidence evidence) {
        this.evidence = evidence;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        RecentDefect that = (RecentDefect) o;
        return Objects.equals(type, that.type)
                && Objects.equals(check, that.check)
                && Objects.equals(severity, that.severity)
                && Objects.equals(startTime, that.startTime)
                && Objects.equals(endTime, that.endTime)
                && Objects.equals(durationSec, that.durationSec)
                && Objects.equals(evidence, that.evidence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, check, severity, startTime, endTime, durationSec, evidence);
    }

    @Override
    public String toString() {
        return "RecentDefect{type=" + type + ", severity=" + severity + ", startTime=" + startTime + ", endTime="
                + endTime + ", durationSec=" + durationSec + "}";
    }
}
