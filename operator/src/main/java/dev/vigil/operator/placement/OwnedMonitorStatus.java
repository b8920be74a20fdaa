package dev.vigil.operator.placement;

import dev.vigil.api.v1alpha1.status.Assignment;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.Health;
import java.util.List;

/**
 * The part of a StreamMonitor's status the operator owns: {@code observedGeneration}, the {@code Ready} and
 * {@code Scheduled} conditions, {@code health}, {@code assignments} and {@code worker}. Everything else in the
 * status (StreamUp, DefectsActive, activeDefects, recentDefects, activeDefectTypes, stream, lastUpdateTime)
 * belongs to the worker and is never written by the operator.
 *
 * @param conditions the operator's conditions; lastTransitionTime is filled in by the {@link StatusRecorder}
 */
public record OwnedMonitorStatus(
        Long observedGeneration,
        List<Condition> conditions,
        Health health,
        List<Assignment> assignments,
        String worker) {

    /** Condition types the operator writes on a StreamMonitor. */
    public static final List<String> OWNED_CONDITIONS =
            List.of(dev.vigil.api.v1alpha1.Conditions.READY, dev.vigil.api.v1alpha1.Conditions.SCHEDULED);
}
