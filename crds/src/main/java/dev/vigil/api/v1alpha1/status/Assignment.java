package dev.vigil.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Objects;

/** Which worker of which pool runs which of the monitor's detectors. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"pool", "worker", "detectors", "since"})
public class Assignment {

    @Required
    @JsonPropertyDescription("WorkerPool name (same namespace).")
    private String pool;

    @Required
    @JsonPropertyDescription("Worker pod name.")
    private String worker;

    @JsonPropertyDescription("Detectors this worker runs for the monitor.")
    private List<String> detectors;

    @JsonPropertyDescription("When the assignment was made (RFC 3339).")
    private String since;

    public String getPool() {
        return pool;
    }

    public void setPool(String pool) {
        this.pool = pool;
    }

    public String getWorker() {
        return worker;
    }

    public void setWorker(String worker) {
        this.worker = worker;
    }

    public List<String> getDetectors() {
        return detectors;
    }

    public void setDetectors(List<String> detectors) {
        this.detectors = detectors;
    }

    public String getSince() {
        return since;
    }

    public void setSince(String since) {
        this.since = since;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        Assignment that = (Assignment) o;
        return Objects.equals(pool, that.pool)
                && Objects.equals(worker, that.worker)
                && Objects.equals(detectors, that.detectors)
                && Objects.equals(since, that.since);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pool, worker, detectors, since);
    }

    @Override
    public String toString() {
        return "Assignment{pool=" + pool + ", worker=" + worker + ", detectors=" + detectors + ", since=" + since + "}";
    }
}
