package dev.vigil.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/**
 * What is known about a monitored stream. Writers: the operator owns {@code observedGeneration},
 * {@code Ready}/{@code Scheduled}, {@code health} (derived from the worker's conditions and the placement),
 * {@code assignments} and {@code worker}; the assigned worker owns {@code StreamUp}/{@code DefectsActive}, the
 * defects ({@code activeDefects}, {@code activeDefectTypes}, {@code recentDefects}), {@code stream},
 * {@code transportErrors}, {@code avSync} and {@code lastUpdateTime}.
 *
 * <p>{@code recentDefects} keeps the last {@value #MAX_RECENT_DEFECTS} cleared defects, newest first; older
 * ones are dropped (Events and webhooks carry the full history).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "observedGeneration",
    "conditions",
    "health",
    "activeDefectTypes",
    "activeDefects",
    "recentDefects",
    "stream",
    "transportErrors",
    "avSync",
    "assignments",
    "worker",
    "lastUpdateTime"
})
public class StreamMonitorStatus extends VigilStatus {

    public static final int MAX_RECENT_DEFECTS = 20;
    public static final int MAX_ACTIVE_DEFECTS = 32;
    public static final int MAX_ASSIGNMENTS = 16;
    public static final int MAX_TRANSPORT_ERRORS = 16;

    @JsonPropertyDescription("Healthy, Degraded, Down or Pending: a summary for display, derived from the conditions.")
    private Health health;

    @JsonPropertyDescription("Types of the active defects, comma-separated (for kubectl get).")
    private String activeDefectTypes;

    @Size(max = MAX_ACTIVE_DEFECTS)
    @JsonPropertyDescription("Defects open now.")
    private List<ActiveDefect> activeDefects;

    @Size(max = MAX_RECENT_DEFECTS)
    @JsonPropertyDescription("The last 20 cleared defects, newest first.")
    private List<RecentDefect> recentDefects;

    @JsonPropertyDescription("Format of the stream at the last connect.")
    private StreamInfo stream;

    @Size(max = MAX_TRANSPORT_ERRORS)
    @JsonPropertyDescription("MPEG-TS sources: the ETSI TR 101 290 indicators that have counted errors, with counts"
            + " since the worker started watching (written by the worker running the transport detector).")
    private List<TransportError> transportErrors;

    @JsonPropertyDescription("The audio/video offset the av_sync detector last measured (audio minus video, ms;"
            + " positive when the sound is late), in tolerance or not (written by the worker running av_sync).")
    private AvSync avSync;

    @Size(max = MAX_ASSIGNMENTS)
    @JsonPropertyDescription("Workers running this monitor's detectors.")
    private List<Assignment> assignments;

    @JsonPropertyDescription("Worker(s) watching the stream, comma-separated (for kubectl get).")
    private String worker;

    @JsonPropertyDescription("When a worker last wrote this status (RFC 3339).")
    private String lastUpdateTime;

    public Health getHealth() {
        return health;
    }

    public void setHealth(Health health) {
        this.health = health;
    }

    public String getActiveDefectTypes() {
        return activeDefectTypes;
    }

    public void setActiveDefectTypes(String activeDefectTypes) {
        this.activeDefectTypes = activeDefectTypes;
    }

    public List<ActiveDefect> getActiveDefects() {
        return activeDefects;
    }

    public void setActiveDefects(List<ActiveDefect> activeDefects) {
        this.activeDefects = activeDefects;
    }

    public List<RecentDefect> getRecentDefects() {
        return recentDefects;
    }

    public void setRecentDefects(List<RecentDefect> recentDefects) {
        this.recentDefects = recentDefects;
    }

    public StreamInfo getStream() {
        return stream;
    }

    public void setStream(StreamInfo stream) {
        this.stream = stream;
    }

    public List<TransportError> getTransportErrors() {
        return transportErrors;
    }

    public void setTransportErrors(List<TransportError> transportErrors) {
        this.transportErrors = transportErrors;
    }

    public AvSync getAvSync() {
        return avSync;
    }

    public void setAvSync(AvSync avSync) {
        this.avSync = avSync;
    }

    public List<Assignment> getAssignments() {
        return assignments;
    }

    public void setAssignments(List<Assignment> assignments) {
        this.assignments = assignments;
    }

    public String getWorker() {
        return worker;
    }

    public void setWorker(String worker) {
        this.worker = worker;
    }

    public String getLastUpdateTime() {
        return lastUpdateTime;
    }

    public void setLastUpdateTime(String lastUpdateTime) {
        this.lastUpdateTime = lastUpdateTime;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        StreamMonitorStatus that = (StreamMonitorStatus) o;
        return super.equals(o)
                && Objects.equals(health, that.health)
                && Objects.equals(activeDefectTypes, that.activeDefectTypes)
                && Objects.equals(activeDefects, that.activeDefects)
                && Objects.equals(recentDefects, that.recentDefects)
                && Objects.equals(stream, that.stream)
                && Objects.equals(transportErrors, that.transportErrors)
                && Objects.equals(avSync, that.avSync)
                && Objects.equals(assignments, that.assignments)
                && Objects.equals(worker, that.worker)
                && Objects.equals(lastUpdateTime, that.lastUpdateTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                super.hashCode(),
                health,
                activeDefectTypes,
                activeDefects,
                recentDefects,
                stream,
                transportErrors,
                avSync,
                assignments,
                worker,
                lastUpdateTime);
    }

    @Override
    public String toString() {
        return "StreamMonitorStatus{health=" + health + ", activeDefectTypes=" + activeDefectTypes + ", activeDefects="
                + activeDefects + ", recentDefects=" + recentDefects + ", stream=" + stream + ", avSync=" + avSync
                + ", assignments=" + assignments + ", worker=" + worker + ", lastUpdateTime=" + lastUpdateTime + ", "
                + super.toString() + "}";
    }
}
