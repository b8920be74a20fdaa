package dev.vigil.operator.placement;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.WorkerPoolStatus;
import dev.vigil.operator.scheduling.Assignment;
import dev.vigil.operator.scheduling.Plan;
import dev.vigil.operator.scheduling.Pool;
import dev.vigil.operator.scheduling.UnplacedReason;
import dev.vigil.operator.scheduling.Worker;
import java.util.List;
import java.util.Map;

/** A WorkerPool's status from a plan. Pure. */
public final class PoolStatusMapper {

    private PoolStatusMapper() {}

    public static WorkerPoolStatus status(
            WorkerPool wp, Pool pool, Plan plan, List<Worker> workers, Map<String, Double> costs, int desired) {
        long generation =
                wp.getMetadata().getGeneration() == null ? 0 : wp.getMetadata().getGeneration();
        int ready = (int) workers.stream()
                .filter(w -> w.pool().equals(pool.name()) && w.alive() && !w.draining())
                .count();
        double used = 0;
        int placed = 0;
        for (var e : plan.assignments().entrySet()) {
            boolean here = false;
            for (Assignment a : e.getValue()) {
                if (a.pool().equals(pool.name())) {
                    used += costs.getOrDefault(e.getKey().name(), 1.0);
                    here = true;
                }
            }
            if (here) {
                placed++;
            }
        }
        WorkerPoolStatus s = new WorkerPoolStatus();
        s.setObservedGeneration(generation);
        s.setReadyWorkers(ready);
        s.setDesiredWorkers(desired);
        s.setCapacityUsed(Math.round(used * 1000) / 1000.0);
        s.setCapacityTotal(Math.round(ready * pool.capacity() * 1000) / 1000.0);
        s.setMonitorsPlaced(placed);

        Condition readyCondition = ready >= pool.minWorkers()
                ? MonitorStatusMapper.condition(
                        Conditions.READY,
                        true,
                        Conditions.WORKERS_READY,
                        ready + " of " + desired + " workers ready",
                        generation)
                : MonitorStatusMapper.condition(
                        Conditions.READY,
                        false,
                        Conditions.WORKERS_NOT_READY,
                        ready + " workers ready, minWorkers is " + pool.minWorkers(),
                        generation);
        boolean waiting = plan.unplaced().stream()
                .anyMatch(u -> u.reason() == UnplacedReason.NO_CAPACITY
                        && pool.detectors().containsAll(u.detectors()));
        Condition scaled;
        if (ready != desired) {
            scaled = MonitorStatusMapper.condition(
                    Conditions.SCALED_TO_DEMAND,
                    false,
                    Conditions.SCALING,
                    ready + " of " + desired + " workers ready",
                    generation);
        } else if (waiting && desired >= pool.maxWorkers()) {
            scaled = MonitorStatusMapper.condition(
                    Conditions.SCALED_TO_DEMAND,
                    false,
                    Conditions.AT_MAX_WORKERS,
                    "monitors wait for capacity and the pool is at maxWorkers (" + pool.maxWorkers() + ")",
                    generation);
        } else {
            scaled = MonitorStatusMapper.condition(
                    Conditions.SCALED_TO_DEMAND,
                    true,
                    Conditions.SCALED,
                    desired + " workers for the current demand",
                    generation);
        }
        s.setConditions(List.of(readyCondition, scaled));
        return s;
    }
}
