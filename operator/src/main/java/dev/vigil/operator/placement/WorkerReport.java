package dev.vigil.operator.placement;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import java.util.Optional;

/**
 * What of the worker-owned status a monitor's {@code Ready} and {@code health} are derived from: StreamUp (its
 * message becomes Ready's while the stream is down) and whether DefectsActive is True. Any other worker write
 * (bit rate, defect details, recent defects) changes nothing the operator writes.
 *
 * @param streamUp        StreamUp's status; Unknown when the worker has not reported yet
 * @param streamUpMessage StreamUp's message, null when absent
 */
public record WorkerReport(ConditionStatus streamUp, String streamUpMessage, boolean defectsOpen) {

    public static WorkerReport of(StreamMonitor monitor) {
        Optional<Condition> up = find(monitor, Conditions.STREAM_UP);
        boolean defects = find(monitor, Conditions.DEFECTS_ACTIVE)
                .map(c -> c.getStatus() == ConditionStatus.TRUE)
                .orElse(false);
        return new WorkerReport(
                up.map(Condition::getStatus).orElse(ConditionStatus.UNKNOWN),
                up.map(Condition::getMessage).orElse(null),
                defects);
    }

    private static Optional<Condition> find(StreamMonitor monitor, String type) {
        return monitor.getStatus() == null
                ? Optional.empty()
                : monitor.getStatus().findCondition(type);
    }
}
