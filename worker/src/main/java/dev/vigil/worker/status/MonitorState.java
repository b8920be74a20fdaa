package dev.vigil.worker.status;

import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.RecentDefect;
import dev.vigil.api.v1alpha1.status.StreamInfo;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What this worker knows of one monitor's worker-owned status: the state its shard would write. Updated by
 * the session's listener (on the session's lane) and read by the status write loop, hence synchronised.
 */
public final class MonitorState {

    private final String namespace;
    private final String name;
    private Set<String> ownedDetectors = Set.of();
    private boolean primary;
    private Condition streamUp;
    private StreamInfo stream;
    private final Map<String, ActiveDefect> active = new LinkedHashMap<>();
    /** Defects this worker saw clear, newest first; merged into recentDefects on every write. */
    private final Deque<RecentDefect> cleared = new ArrayDeque<>();
    private boolean released;
    /** On release: the defects this worker had open, to be taken out of the status (and nothing else). */
    private List<ActiveDefect> retracted = List.of();

    public MonitorState(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    /** A consistent copy for one write. */
    public record Snapshot(String namespace, String name, Set<String> ownedDetectors, boolean primary,
                           Condition streamUp, StreamInfo stream, List<ActiveDefect> active,
                           List<RecentDefect> cleared, boolean released, List<ActiveDefect> retracted) {

        public String key() {
            return namespace + "/" + name;
        }
    }

    public String key() {
        return namespace + "/" + name;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(namespace, name, ownedDetectors, primary, copy(streamUp), stream,
                List.copyOf(active.values()), List.copyOf(cleared), released, retracted);
    }

    /** The shard this worker runs: which detectors' defects it owns, whether it writes StreamUp and stream. */
    public synchronized void assign(Set<String> detectors, boolean primaryShard) {
        ownedDetectors = Set.copyOf(detectors);
        primary = primaryShard;
        released = false;
        retracted = List.of();
    }

    /** Whether this worker's shard is the primary one, the writer of StreamUp and stream. */
    public synchronized boolean isPrimary() {
        return primary;
    }

    /** The detectors of this worker's shard (wire names). */
    public synchronized Set<String> ownedDetectors() {
        return ownedDetectors;
    }

    /** @return true when the condition's status or reason changed (a change users care about) */
    public synchronized boolean setStreamUp(ConditionStatus status, String reason, String message) {
        boolean transition = streamUp == null || streamUp.getStatus() != status
                || !Objects.equals(streamUp.getReason(), reason);
        streamUp = new Condition(dev.vigil.api.v1alpha1.Conditions.STREAM_UP, status, reason, message);
        return transition;
    }

    public synchronized Condition streamUp() {
        return copy(streamUp);
    }

    public synchronized void setStream(StreamInfo info) {
        stream = info;
    }

    public synchronized StreamInfo stream() {
        return stream;
    }

    public synchronized void open(ActiveDefect defect) {
        active.put(defect.getType(), defect);
    }

    /**
     * The open defect of this type now has another severity (and detail). The entry is replaced, not changed in
     * place: the write loop may be reading the old one.
     *
     * @return false when no such defect is open
     */
    public synchronized boolean escalate(String type, Severity severity, String detail) {
        ActiveDefect old = active.get(type);
        if (old == null) {
            return false;
        }
        ActiveDefect a = new ActiveDefect();
        a.setType(old.getType());
        a.setSeverity(severity);
        a.setSince(old.getSince());
        a.setDetail(detail);
        active.put(type, a);
        return true;
    }

    public synchronized void close(String type, RecentDefect recent) {
        active.remove(type);
        if (recent != null) {
            cleared.addFirst(recent);
            while (cleared.size() > StreamMonitorStatus.MAX_RECENT_DEFECTS) {
                cleared.removeLast();
            }
        }
    }

    public synchronized boolean hasActive(String type) {
        return active.containsKey(type);
    }

    /**
     * The session is restarted (reconfigured): its open defects are dropped without being reported as cleared;
     * the new session raises them again if they persist.
     */
    public synchronized void resetDefects() {
        active.clear();
    }

    /**
     * This worker no longer runs the monitor: its next write removes the defects it reported (only those: the
     * detectors may already run on another worker, whose entries stay), then the state is forgotten.
     */
    public synchronized void release(Condition finalStreamUp) {
        released = true;
        retracted = List.copyOf(active.values());
        active.clear();
        if (finalStreamUp != null) {
            streamUp = finalStreamUp;
        }
    }

    public synchronized boolean isReleased() {
        return released;
    }

    private static Condition copy(Condition c) {
        return c == null ? null : new Condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage());
    }
}
