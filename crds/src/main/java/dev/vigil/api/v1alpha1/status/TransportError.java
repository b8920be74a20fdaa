package dev.vigil.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** One ETSI TR 101 290 indicator of an MPEG-TS source that has counted errors since the worker started watching. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"indicator", "priority", "count", "lastSeen"})
public class TransportError {

    @Required
    @JsonPropertyDescription("The indicator, e.g. continuity_count_error, pat_error, pcr_repetition_error.")
    private String indicator;

    @JsonPropertyDescription("TR 101 290 priority: 1 (the stream cannot be decoded reliably) or 2.")
    private Integer priority;

    @Required
    @JsonPropertyDescription("Errors counted since the worker started watching the stream.")
    private Long count;

    @JsonPropertyDescription("When the last one was counted (RFC 3339).")
    private String lastSeen;

    public TransportError() {}

    public TransportError(String indicator, Integer priority, Long count, String lastSeen) {
        this.indicator = indicator;
        this.priority = priority;
        this.count = count;
        this.lastSeen = lastSeen;
    }

    public String getIndicator() {
        return indicator;
    }

    public void setIndicator(String indicator) {
        this.indicator = indicator;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    public Long getCount() {
        return count;
    }

    public void setCount(Long count) {
        this.count = count;
    }

    public String getLastSeen() {
        return lastSeen;
    }

    public void setLastSeen(String lastSeen) {
        this.lastSeen = lastSeen;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        TransportError that = (TransportError) o;
        return Objects.equals(indicator, that.indicator)
                && Objects.equals(priority, that.priority)
                && Objects.equals(count, that.count)
                && Objects.equals(lastSeen, that.lastSeen);
    }

    @Override
    public int hashCode() {
        return Objects.hash(indicator, priority, count, lastSeen);
    }

    @Override
    public String toString() {
        return "TransportError{indicator=" + indicator + ", priority=" + priority + ", count=" + count + ", lastSeen="
                + lastSeen + "}";
    }
}
