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
 * @param standardSet the monitor names no detectors and asks for the standard set ({@code detectors} holds the
 *                    built-in ones): it runs on one pool, the one that carries the largest part of the set, with the
 *                    detectors of the set that pool carries; never split across pools, never unplaced for a
 *                    built-in detector no pool carries
 */
public record Monitor(
        MonitorId id,
        Set<String> detectors,
        double cost,
        long generation,
        boolean suspended,
        List<Assignment> assignments,
        boolean standardSet) {

    public Monitor {
        Objects.requireNonNull(id, "id");
        if (!(cost > 0) || Double.isInfinite(cost)) {
            throw new IllegalArgumentException("monitor " + id + ": cost must be a positive number, got " + cost);
        }
        detectors = Collections.unmodifiableSortedSet(new TreeSet<>(detectors));
        assignments = List.copyOf(assignments);
    }

    /** A monitor that names its detectors. */
    public Monitor(
            MonitorId id,
            Set<String> detectors,
            double cost,
            long generation,
            boolean suspended,
            List<Assignment> assignments) {
        this(id, detectors, cost, generation, suspended, assignments, false);
    }

    /** The same monitor with other current assignments (the reconciler feeds a plan back this way). */
    public Monitor withAssignments(List<Assignment> current) {
        return new Monitor(id, detectors, cost, generation, suspended, current, standardSet);
    }
}
