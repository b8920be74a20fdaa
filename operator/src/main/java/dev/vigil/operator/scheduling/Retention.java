package dev.vigil.operator.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which existing shards stay where they are. Moving a monitor interrupts its monitoring, so a shard
 * stays unless there is a cause: its worker is gone, dead or draining, its pool is gone or no longer carries
 * its detectors, or the monitor changed since the shard was placed. A better worker is never a cause.
 */
final class Retention {

    private record Candidate(MonitorId monitor, Assignment shard, long cost) {}

    // oldest first: when a worker holds more than it may (its pool shrank), the newest arrivals leave
    private static final Comparator<Candidate> OLDEST_FIRST = Comparator.comparing(
                    (Candidate c) -> c.shard().since())
            .thenComparing(Candidate::monitor)
            .thenComparing(c -> c.shard().pool());

    private Retention() {}

    /** The shards kept in place, per monitor; their capacity is taken from {@code capacity}. */
    static Map<MonitorId, List<Assignment>> keep(
            List<Monitor> monitors,
            Map<String, Pool> pools,
            Map<String, Worker> workers,
            Map<String, PoolCapacity> capacity) {
        List<Candidate> candidates = new ArrayList<>();
        for (Monitor m : monitors) {
            if (m.suspended() || changed(m)) {
                continue;
            }
            for (Assignment a : m.assignments()) {
                if (stillValid(a, pools, workers, capacity)) {
                    candidates.add(new Candidate(m.id(), a, pools.get(a.pool()).cost(m)));
                }
            }
        }
        candidates.sort(OLDEST_FIRST);
        Map<MonitorId, List<Assignment>> kept = new HashMap<>();
        for (Candidate c : candidates) {
            PoolCapacity pc = capacity.get(c.shard().pool());
            if (pc.fits(c.shard().worker(), c.cost())) {
                pc.take(c.shard().worker(), c.cost());
                kept.computeIfAbsent(c.monitor(), k -> new ArrayList<>()).add(c.shard());
            }
        }
        return kept;
    }

    /**
     * The monitor changed since its shards were placed: another generation, a detector it no longer asks for,
     * or shards that contradict each other (a detector twice, two shards in one pool, a standard set split over
     * pools). It is then placed anew.
     */
    static boolean changed(Monitor m) {
        if (m.standardSet() && m.assignments().size() > 1) {
            return true; // the standard set runs on one pool
        }
        Set<String> seenDetectors = new HashSet<>();
        Set<String> seenPools = new HashSet<>();
        for (Assignment a : m.assignments()) {
            if (a.generation() != m.generation()
                    || a.detectors().isEmpty()
                    || !m.detectors().containsAll(a.detectors())
                    || !seenPools.add(a.pool())) {
                return true;
            }
            for (String d : a.detectors()) {
                if (!seenDetectors.add(d)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean stillValid(
            Assignment a, Map<String, Pool> pools, Map<String, Worker> workers, Map<String, PoolCapacity> capacity) {
        Pool pool = pools.get(a.pool());
        Worker worker = workers.get(a.worker());
        return pool != null
                && pool.detectors().containsAll(a.detectors())
                && worker != null
                && worker.pool().equals(a.pool())
                && capacity.get(a.pool()).isReady(a.worker());
    }
}
