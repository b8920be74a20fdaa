package dev.vigil.worker.status;

import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.api.v1alpha1.status.AvSync;
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
 * the session's listener (on the session's lane) and the session manager, read by the status write loop, hence
 * synchronised. Every change tells the {@link ChangeListener} (the status hub) by itself, with its urgency, so no
 * caller has to remember to.
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
    /** The A/V offset, when this worker runs the stream's av_sync detector. */
    private AvSync avSync;

    /** Told of every change, and whether users care about it at once (urgent) or with the next routine write. */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(String key, boolean urgent);

        ChangeListener NONE = (key, urgent) -> {};
    }

    private final ChangeListener onChange;

    public MonitorState(String namespace, String name) {
        this(namespace, name, ChangeListener.NONE);
    }

    /** @param onChange told after each change, outside this state's lock (the status hub schedules the write) */
    public MonitorState(String namespace, String name, ChangeListener onChange) {
        this.namespace = namespace;
        this.name = name;
        this.onChange = onChange;
    }

    private void changed(boolean urgent) {
        onChange.changed(key(), urgent);
    }

    /** A consistent copy for one write. */
    public record Snapshot(
            String namespace,
            String name,
            Set<String> ownedDetectors,
            boolean primary,
            Condition streamUp,
            StreamInfo stream,
            List<ActiveDefect> active,
            List<RecentDefect> cleared,
            boolean released,
            List<ActiveDefect> retracted,
            List<TransportError> transportErrors,
            AvSync avSync) {

        public String key() {
            return namespace + "/" + name;
        }
    }

    public String key() {
        return namespace + "/" + name;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(
                namespace,
                name,
                ownedDetectors,
                primary,
                copy(streamUp),
                stream,
                List.copyOf(active.values()),
                List.copyOf(cleared),
                released,
                retracted,
                transportErrors,
                avSync);
    }

    /**
     * The shard this worker runs: which detectors' defects it owns, whether it writes StreamUp and stream. A change
     * of either is urgent (another worker may have to see its entries kept or taken back).
     */
    public void assign(Set<String> detectors, boolean primaryShard) {
        boolean differs;
        synchronized (this) {
            differs = !ownedDetectors.equals(detectors) || primary != primaryShard || released;
            ownedDetectors = Set.copyOf(detectors);
            primary = primaryShard;
            released = false;
            retracted = List.of();
        }
        if (differs) {
            changed(true);
        }
    }

    /** Whether this worker's shard is the primary one, the writer of StreamUp and stream. */
    public synchronized boolean isPrimary() {
        return primary;
    }

    /** The detectors of this worker's shard (wire names). */
    public synchronized Set<String> ownedDetectors() {
        return ownedDetectors;
    }

    /**
     * @return true when the condition's status or reason changed (a change users care about: written at once; a new
     *         message alone goes with the next routine write)
     */
    public boolean setStreamUp(ConditionStatus status, String reason, String message) {
        boolean transition;
        boolean differs;
        synchronized (this) {
            transition =
                    streamUp == null || streamUp.getStatus() != status || !Objects.equals(streamUp.getReason(), reason);
            differs = transition || !Objects.equals(streamUp.getMessage(), message);
            streamUp = new Condition(dev.vigil.api.v1alpha1.Conditions.STREAM_UP, status, reason, message);
        }
        if (differs) {
            changed(transition);
        }
        return transition;
    }

    public synchronized Condition streamUp() {
        return copy(streamUp);
    }

    /** Stream facts: routine (bit rate and facts at most every few seconds). */
    public void setStream(StreamInfo info) {
        boolean differs;
        synchronized (this) {
            differs = !Objects.equals(stream, info);
            stream = info;
        }
        if (differs) {
            changed(false);
        }
    }

    public synchronized StreamInfo stream() {
        return stream;
    }

    /** One open defect per type and check ({@link #key(String, String)}); urgent. */
    public void open(ActiveDefect defect) {
        synchronized (this) {
            active.put(key(defect.getType(), defect.getCheck()), defect);
        }
        changed(true);
    }

    /**
     * The open defect under {@code key} ({@link #key(String, String)}) now has another severity (and detail); urgent,
     * as alerts route on severity. The entry is replaced, not changed in place: the write loop may be reading the
     * old one.
     *
     * @return false when no such defect is open
     */
    public boolean escalate(String key, Severity severity, String detail) {
        synchronized (this) {
            ActiveDefect old = active.get(key);
            if (old == null) {
                return false;
            }
            ActiveDefect a = new ActiveDefect();
            a.setType(old.getType());
            a.setCheck(old.getCheck());
            a.setSeverity(severity);
            a.setSince(old.getSince());
            a.setDetail(detail);
            a.setEvidence(old.getEvidence());
            active.put(key, a);
        }
        changed(true);
        return true;
    }

    /** A defect cleared ({@code recent} null: taken back without being reported as cleared); urgent. */
    public void close(String key, RecentDefect recent) {
        synchronized (this) {
            active.remove(key);
            if (recent != null) {
                cleared.addFirst(recent);
                while (cleared.size() > StreamMonitorStatus.MAX_RECENT_DEFECTS) {
                    cleared.removeLast();
                }
            }
        }
        changed(true);
    }

    /**
     * The evidence of a defect, as its capture goes on: replaces the evidence of the active or recent entry whose
     * evidence is {@code owner}'s (a routine change). @return whether an entry had it
     */
    public boolean updateEvidence(java.util.function.Predicate<DefectEvidence> owner, DefectEvidence now) {
        boolean found;
        synchronized (this) {
            found = replaceEvidence(owner, now);
        }
        if (found) {
            changed(false);
        }
        return found;
    }

    private boolean replaceEvidence(java.util.function.Predicate<DefectEvidence> owner, DefectEvidence now) {
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
        return active.containsKey(type)
                || active.values().stream().anyMatch(a -> a.getType().equals(type));
    }

    /** What tells two open defects apart: the type, and the check for detectors with several. */
    public static String key(String type, String check) {
        return check == null ? type : type + "/" + check;
    }

    /** TR 101 290 counters: routine. */
    public void setTransportErrors(List<TransportError> errors) {
        synchronized (this) {
            transportErrors = errors == null ? null : List.copyOf(errors);
        }
        changed(false);
    }

    /** The latest A/V offset; replaced whole (the write loop may be reading the previous one). */
    /** The measured A/V offset: routine (the av_sync defect, when there is one, is urgent). */
    public void setAvSync(AvSync sync) {
        boolean differs;
        synchronized (this) {
            differs = !Objects.equals(avSync, sync);
            avSync = sync;
        }
        if (differs) {
            changed(false);
        }
    }

    /**
     * The session is restarted (reconfigured): its open defects are dropped without being reported as cleared;
     * the new session raises them again if they persist.
     */
    public void resetDefects() {
        boolean had;
        synchronized (this) {
            had = !active.isEmpty();
            active.clear();
        }
        if (had) {
            changed(true);
        }
    }

    /**
     * This worker no longer runs the monitor: its next write removes the defects it reported (only those: the
     * detectors may already run on another worker, whose entries stay), then the state is forgotten.
     */
    public void release(Condition finalStreamUp) {
        synchronized (this) {
            released = true;
            retracted = List.copyOf(active.values());
            active.clear();
            if (finalStreamUp != null) {
                streamUp = finalStreamUp;
            }
        }
        changed(true);
    }

    public synchronized boolean isReleased() {
        return released;
    }

    private static Condition copy(Condition c) {
        return c == null ? null : new Condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage());
    }
}
