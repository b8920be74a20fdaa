package dev.vigil.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.api.v1alpha1.Severity;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A defect that is open now. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "check", "severity", "since", "detail", "evidence"})
public class ActiveDefect {

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
    private String since;

    @JsonPropertyDescription("A short summary of the measurements, e.g. \"-71.5 dBFS\" or \"no media for 4.2 s\".")
    private String detail;

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

    public String getSince() {
        return since;
    }

    public void setSince(String since) {
        this.since = since;
    }

    public String getDetail() {
        return detail;
    }

    public void setDetail(String detail) {
        this.detail = detail;
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
        ActiveDefect that = (ActiveDefect) o;
        return Objects.equals(type, that.type)
                && Objects.equals(check, that.check)
                && Objects.equals(severity, that.severity)
                && Objects.equals(since, that.since)
                && Objects.equals(detail, that.detail)
                && Objects.equals(evidence, that.evidence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, check, severity, since, detail, evidence);
    }

    @Override
    public String toString() {
        return "ActiveDefect{type=" + type + ", severity=" + severity + ", since=" + since + ", detail=" + detail + "}";
    }
}
