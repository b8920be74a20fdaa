package dev.vigil.operator.placement;

import dev.vigil.operator.scheduling.MonitorId;
import dev.vigil.operator.scheduling.Plan;
import java.util.Map;
import java.util.Set;

/**
 * What the last scheduling pass over a namespace planned with and decided: what the placement loop compares new
 * events with (so that only a change of these starts a pass) and what a monitor's status step reads.
 *
 * @param generations  the generation each monitor had when it was planned
 * @param aliveWorkers the workers whose lease was fresh
 * @param pools        each pool's uid and generation ({@code uid/generation}), by name
 */
record PlannedNamespace(
        Plan plan, Map<MonitorId, Long> generations, Set<String> aliveWorkers, Map<String, String> pools) {

    PlannedNamespace {
        generations = Map.copyOf(generations);
        aliveWorkers = Set.copyOf(aliveWorkers);
        pools = Map.copyOf(pools);
    }

    /** True when the plan was made for this generation of the monitor. */
    boolean planned(MonitorId monitor, long generation) {
        Long planned = generations.get(monitor);
        return planned != null && planned == generation;
    }
}
