package dev.vigil.operator.scheduling;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the scheduler needs to know about one StreamMonitor.
 *
 * @param detectors   detector names the monitor asks for
 * @param cost        stream units one shard of this monitor uses on a worker (see {@link StreamCost})
 * @param generation  changes whenever the spec changes; assignments made for another generation may move
 * @param suspended   suspended monitors get no placement
 * @param assignments where the monitor runs now (possibly several shards)
 */
public record Monitor(MonitorId id, Set<String> detectors, double cost, long generation,
                      boolean suspended, List<Assignment> assignments) {

    public Monitor {
        Objects.requireNonNull(id, "id");
        if (!(cost > 0) || Double.isInfinite(cost)) {
            throw new IllegalArgumentException("monitor " + id + ": cost must be a positive number, got " + cost);
        }
        detectors = Collections.unmodifiableSortedSet(new TreeSet<>(detectors));
        assignments = List.copyOf(assignments);
    }

    /** The same monitor with other current assignments (the reconciler feeds a plan back this way). */
    public Monitor withAssignments(List<Assignment> current) {
        return new Monitor(id, detectors, cost, generation, suspended, current);
    }
}
