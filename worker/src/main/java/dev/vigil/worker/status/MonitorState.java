package dev.vigil.worker.status;

import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.DefectEvidence;
import dev.vigil.api.v1alpha1.status.RecentDefect;
import dev.vigil.api.v1alpha1.status.StreamInfo;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.api.v1alpha1.status.TransportError;
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
    /** TR 101 290 counters, when this worker runs the stream's transport detector. */
    private List<TransportError> transportErrors;

    public MonitorState(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    /** A consistent copy for one write. */
    public record Snapshot(String namespace, String name, Set<String> ownedDetectors, boolean primary,
                           Condition streamUp, StreamInfo stream, List<ActiveDefect> active,
                           List<RecentDefect> cleared, boolean released, List<ActiveDefect> retracted,
                           List<TransportError> transportErrors) {

        public String key() {
            return namespace + "/" + name;
        }
    }

    public String key() {
        return namespace + "/" + name;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(namespace, name, ownedDetectors, primary, copy(streamUp), stream,
                List.copyOf(active.values()), List.copyOf(cleared), released, retracted, transportErrors);
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

    /** One open defect per type and check ({@link #key(String, String)}). */
    public synchronized void open(ActiveDefect defect) {
        active.put(key(defect.getType(), defect.getCheck()), defect);
    }

    public synchronized void close(String key, RecentDefect recent) {
        active.remove(key);
        if (recent != null) {
            cleared.addFirst(recent);
            while (cleared.size() > StreamMonitorStatus.MAX_RECENT_DEFECTS) {
                cleared.removeLast();
            }
        }
    }

    /**
     * The evidence of a defect, as its capture goes on: replaces the evidence of the active or recent entry whose
     * evidence is {@code owner}'s. @return whether an entry had it
     */
    public synchronized boolean updateEvidence(java.util.function.Predicate<DefectEvidence> owner, DefectEvidence now) {
        // entries are replaced, not changed: the write loop may be reading the ones it was given
        boolean found = false;
        for (Map.Entry<String, ActiveDefect> e : active.entrySet()) {
            ActiveDefect a = e.getValue();
            if (a.getEvidence() != null && owner.test(a.getEvidence())) {
                ActiveDefect copy = new ActiveDefect();
                copy.setType(a.getType());
                copy.setCheck(a.getCheck());
                copy.setSeverity(a.getSeverity());
                copy.setSince(a.getSince());
                copy.setDetail(a.getDetail());
                copy.setEvidence(now);
                e.setValue(copy);
                found = true;
            }
        }
        Deque<RecentDefect> updated = new ArrayDeque<>();
        for (RecentDefect r : cleared) {
            if (r.getEvidence() != null && owner.test(r.getEvidence())) {
                RecentDefect copy = new RecentDefect();
                copy.setType(r.getType());
                copy.setCheck(r.getCheck());
                copy.setSeverity(r.getSeverity());
                copy.setStartTime(r.getStartTime());
                copy.setEndTime(r.getEndTime());
                copy.setDurationSec(r.getDurationSec());
                copy.setEvidence(now);
                r = copy;
                found = true;
            }
            updated.addLast(r);
        }
        cleared.clear();
        cleared.addAll(updated);
        return found;
    }

    /** Whether a defect of this type is open (of any check). */
    public synchronized boolean hasActive(String type) {
        return active.containsKey(type) || active.values().stream().anyMatch(a -> a.getType().equals(type));
    }

    /** What tells two open defects apart: the type, and the check for detectors with several. */
    public static String key(String type, String check) {
        return check == null ? type : type + "/" + check;
    }

    public synchronized void setTransportErrors(List<TransportError> errors) {
        transportErrors = errors == null ? null : List.copyOf(errors);
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
