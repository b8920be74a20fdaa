package dev.vigil.operator.scheduling;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Free capacity of the ready workers (alive, not draining) of one pool, indexed by free space so that
 * best-fit lookups cost O(log workers) instead of a scan per shard.
 */
final class PoolCapacity {

    private record Slot(long free, String worker) {}

    private static final Comparator<Slot> BY_FREE =
            Comparator.comparingLong(Slot::free).thenComparing(Slot::worker, WorkerNames.ORDER);

    private final long capacity;
    private final Map<String, Long> free = new HashMap<>();
    private final TreeSet<Slot> byFree = new TreeSet<>(BY_FREE);
    private long totalFree;

    PoolCapacity(Pool pool, Collection<String> readyWorkers) {
        this.capacity = Units.ofCapacity(pool.placeableCapacity());
        for (String w : readyWorkers) {
            free.put(w, capacity);
            byFree.add(new Slot(capacity, w));
            totalFree += capacity;
        }
    }

    long capacity() {
        return capacity;
    }

    boolean isReady(String worker) {
        return free.containsKey(worker);
    }

    boolean fits(String worker, long cost) {
        Long f = free.get(worker);
        return f != null && f >= cost;
    }

    /**
     * Best fit: the ready worker whose free space is smallest but still enough (ties: lowest name). Packing
     * leaves whole workers empty, so the pool can scale in, and keeps large holes for costly streams.
     */
    Optional<String> bestFit(long cost) {
        Slot s = byFree.ceiling(new Slot(cost, ""));
        return s == null ? Optional.empty() : Optional.of(s.worker());
    }

    void take(String worker, long cost) {
        long before = free.get(worker);
        if (before < cost) {
            throw new IllegalStateException("worker " + worker + " has " + before + " free, asked for " + cost);
        }
        byFree.remove(new Slot(before, worker));
        byFree.add(new Slot(before - cost, worker));
        free.put(worker, before - cost);
        totalFree -= cost;
    }

    long largestFree() {
        return byFree.isEmpty() ? 0 : byFree.last().free();
    }

    long totalFree() {
        return totalFree;
    }

    int readyWorkers() {
        return free.size();
    }

    /** Ready workers that carry nothing. */
    TreeSet<String> idleWorkers() {
        TreeSet<String> idle = new TreeSet<>(WorkerNames.ORDER);
        free.forEach((w, f) -> {
            if (f == capacity) {
                idle.add(w);
            }
        });
        return idle;
    }
}
