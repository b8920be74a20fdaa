package dev.vigil.operator.scheduling;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A WorkerPool: identical workers that each run the same detector set.
 *
 * @param capacity  stream units one worker can carry
 * @param costShare what a monitor costs on this pool's workers, as a share of its units (its decode profile:
 *                  {@link StreamCost#share})
 * @param reserve   share of each worker's capacity kept free for escalations to full decoding
 *                  ({@link StreamCost#reserve})
 */
public record Pool(
        String name,
        Set<String> detectors,
        double capacity,
        int minWorkers,
        int maxWorkers,
        double costShare,
        double reserve) {

    /** A pool that decodes every picture. */
    public Pool(String name, Set<String> detectors, double capacity, int minWorkers, int maxWorkers) {
        this(name, detectors, capacity, minWorkers, maxWorkers, 1.0, 0.0);
    }

    public Pool {
        Objects.requireNonNull(name, "name");
        detectors = Collections.unmodifiableSortedSet(new TreeSet<>(detectors));
        if (!(capacity > 0) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException(
                    "pool " + name + ": capacity must be a positive number, got " + capacity);
        }
        if (!(costShare > 0) || costShare > 1 || !(reserve >= 0) || reserve >= 1) {
            throw new IllegalArgumentException("pool " + name + ": need 0 < costShare <= 1 and 0 <= reserve < 1, got "
                    + costShare + " and " + reserve);
        }
        if (minWorkers < 0 || maxWorkers < minWorkers) {
            throw new IllegalArgumentException(
                    "pool " + name + ": need 0 <= minWorkers <= maxWorkers, got " + minWorkers + ".." + maxWorkers);
        }
    }

    /** A monitor's cost on one of this pool's workers, in thousandths of a unit. */
    long cost(Monitor m) {
        return Units.ofCost(m.cost() * costShare);
    }

    /** What the scheduler may place on one worker: its capacity less the escalation reserve. */
    double placeableCapacity() {
        return capacity * (1 - reserve);
    }
}
