package dev.vigil.operator.placement;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.Health;
import dev.vigil.operator.scheduling.Assignment;
import dev.vigil.operator.scheduling.Plan;
import dev.vigil.operator.scheduling.Unplaced;
import dev.vigil.operator.scheduling.UnplacedReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns a plan's outcome for one monitor, plus what its worker reports now ({@link WorkerReport}), into the
 * operator-owned status. Pure: a scheduling pass and a monitor's status step both write what this returns.
 *
 * <ul>
 *   <li>{@code Scheduled}: True/Placed when every detector has a worker; False with the scheduler's reason
 *       (NoPoolForDetectors, NoCapacity) and message otherwise; False/Suspended for a suspended monitor.</li>
 *   <li>{@code Ready}: False/Suspended, False/NotScheduled, False/StreamDown (StreamUp False, Unknown or not
 *       reported yet), else True/Monitoring. Defects do not make a monitor un-ready.</li>
 *   <li>{@code health}: Pending (suspended, nothing placed, or stream not reported yet), Down (StreamUp False),
 *       Degraded (DefectsActive True, or only part of the detectors placed), Healthy.</li>
 * </ul>
 */
public final class MonitorStatusMapper {

    private MonitorStatusMapper() {}

    public static OwnedMonitorStatus owned(StreamMonitor monitor, List<Assignment> shards, List<Unplaced> unplaced) {
        long generation = ClusterStateMapper.generation(monitor);
        boolean suspended = monitor.getSpec() != null
                && Boolean.TRUE.equals(monitor.getSpec().getSuspend());

        List<dev.vigil.api.v1alpha1.status.Assignment> assignments = new ArrayList<>();
        for (Assignment shard : shards) {
            var a = new dev.vigil.api.v1alpha1.status.Assignment();
            a.setPool(shard.pool());
            a.setWorker(shard.worker());
            a.setDetectors(List.copyOf(shard.detectors()));
            a.setSince(shard.since().toString());
            assignments.add(a);
        }
        String worker =
                shards.stream().map(Assignment::worker).distinct().sorted().collect(Collectors.joining(","));

        Condition scheduled;
        if (suspended) {
            scheduled =
                    condition(Conditions.SCHEDULED, false, Conditions.SUSPENDED, "spec.suspend is true", generation);
        } else if (unplaced.isEmpty()) {
            scheduled = condition(
                    Conditions.SCHEDULED,
                    true,
                    Conditions.PLACED,
                    "running on " + (worker.isEmpty() ? "no worker" : worker) + standardSetNote(monitor, shards),
                    generation);
        } else {
            // NoPoolForDetectors first: more workers will not help there
            Unplaced first = unplaced.stream()
                    .filter(u -> u.reason() == UnplacedReason.NO_POOL_FOR_DETECTORS)
                    .findFirst()
                    .orElse(unplaced.get(0));
            String message = unplaced.stream().map(Unplaced::message).collect(Collectors.joining("; "));
            scheduled = condition(Conditions.SCHEDULED, false, first.reason().conditionReason(), message, generation);
        }

        WorkerReport report = WorkerReport.of(monitor);
        ConditionStatus up = report.streamUp();
        boolean defectsOpen = report.defectsOpen();

        Condition ready;
        Health health;
        if (suspended) {
            ready = condition(Conditions.READY, false, Conditions.SUSPENDED, "spec.suspend is true", generation);
            health = Health.PENDING;
        } else if (!unplaced.isEmpty() && shards.isEmpty()) {
            ready = condition(Conditions.READY, false, Conditions.NOT_SCHEDULED, scheduled.getMessage(), generation);
            health = Health.PENDING;
        } else if (!unplaced.isEmpty()) {
            ready = condition(Conditions.READY, false, Conditions.NOT_SCHEDULED, scheduled.getMessage(), generation);
            health = up == ConditionStatus.FALSE ? Health.DOWN : Health.DEGRADED;
        } else if (up == ConditionStatus.TRUE) {
            ready = condition(
                    Conditions.READY,
                    true,
                    Conditions.MONITORING,
                    defectsOpen ? "monitoring; defects open" : "monitoring",
                    generation);
            health = defectsOpen ? Health.DEGRADED : Health.HEALTHY;
        } else if (up == ConditionStatus.FALSE) {
            ready = condition(
                    Conditions.READY,
                    false,
                    Conditions.STREAM_DOWN,
                    report.streamUpMessage() != null ? report.streamUpMessage() : "the stream is down",
                    generation);
            health = Health.DOWN;
        } else {
            ready = condition(
                    Conditions.READY,
                    false,
                    Conditions.STREAM_DOWN,
                    "waiting for " + worker + " to connect to the stream",
                    generation);
            health = Health.PENDING;
        }
        return new OwnedMonitorStatus(
                generation,
                List.of(ready, scheduled),
                health,
                assignments.isEmpty() ? null : assignments,
                worker.isEmpty() ? null : worker);
    }

    /**
     * For a monitor that asks for the standard set: which built-in detectors its pool does not carry (they do not
     * run, and that is not a fault), so the message says what the monitor runs without.
     */
    private static String standardSetNote(StreamMonitor monitor, List<Assignment> shards) {
        if (!ClusterStateMapper.asksForStandardSet(monitor) || shards.isEmpty()) {
            return "";
        }
        Set<String> without = new TreeSet<>(ClusterStateMapper.detectors(monitor));
        shards.forEach(s -> without.removeAll(s.detectors()));
        return without.isEmpty()
                ? ""
                : " (standard set; pool " + shards.get(0).pool() + " does not carry " + String.join(", ", without)
                        + ")";
    }

    /** The plan's outcome for one monitor. */
    public static OwnedMonitorStatus owned(StreamMonitor monitor, Plan plan) {
        var id = ClusterStateMapper.id(monitor);
        List<Unplaced> unplaced =
                plan.unplaced().stream().filter(u -> u.monitor().equals(id)).toList();
        return owned(monitor, plan.assignmentsOf(id), unplaced);
    }

    static Condition condition(String type, boolean status, String reason, String message, long generation) {
        Condition c = new Condition(type, ConditionStatus.of(status), reason, message);
        c.setObservedGeneration(generation);
        return c;
    }
}
