package dev.vigil.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/** The state of a pool, written by the operator. Capacities are in stream units (see WorkerPoolSpec). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "observedGeneration",
    "conditions",
    "readyWorkers",
    "desiredWorkers",
    "capacityUsed",
    "capacityTotal",
    "monitorsPlaced"
})
public class WorkerPoolStatus extends VigilStatus {

    @JsonPropertyDescription("Workers that are running and ready.")
    private Integer readyWorkers;

    @JsonPropertyDescription("Workers the pool should have for the current demand, within minWorkers..maxWorkers.")
    private Integer desiredWorkers;

    @JsonPropertyDescription("Stream units placed on the pool's workers.")
    private Double capacityUsed;

    @JsonPropertyDescription("Stream units the ready workers can take (readyWorkers x capacity).")
    private Double capacityTotal;

    @JsonPropertyDescription("Monitors with at least one detector on this pool.")
    private Integer monitorsPlaced;

    public Integer getReadyWorkers() {
        return readyWorkers;
    }

    public void setReadyWorkers(Integer readyWorkers) {
        this.readyWorkers = readyWorkers;
    }

    public Integer getDesiredWorkers() {
        return desiredWorkers;
    }

    public void setDesiredWorkers(Integer desiredWorkers) {
        this.desiredWorkers = desiredWorkers;
    }

    public Double getCapacityUsed() {
        return capacityUsed;
    }

    public void setCapacityUsed(Double capacityUsed) {
        this.capacityUsed = capacityUsed;
    }

    public Double getCapacityTotal() {
        return capacityTotal;
    }

    public void setCapacityTotal(Double capacityTotal) {
        this.capacityTotal = capacityTotal;
    }

    public Integer getMonitorsPlaced() {
        return monitorsPlaced;
    }

    public void setMonitorsPlaced(Integer monitorsPlaced) {
        this.monitorsPlaced = monitorsPlaced;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        WorkerPoolStatus that = (WorkerPoolStatus) o;
        return super.equals(o)
                && Objects.equals(readyWorkers, that.readyWorkers)
                && Objects.equals(desiredWorkers, that.desiredWorkers)
                && Objects.equals(capacityUsed, that.capacityUsed)
                && Objects.equals(capacityTotal, that.capacityTotal)
                && Objects.equals(monitorsPlaced, that.monitorsPlaced);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                super.hashCode(), readyWorkers, desiredWorkers, capacityUsed, capacityTotal, monitorsPlaced);
    }

    @Override
    public String toString() {
        return "WorkerPoolStatus{readyWorkers=" + readyWorkers + ", desiredWorkers=" + desiredWorkers
                + ", capacityUsed=" + capacityUsed + ", capacityTotal=" + capacityTotal + ", monitorsPlaced="
                + monitorsPlaced + ", " + super.toString() + "}";
    }
}
