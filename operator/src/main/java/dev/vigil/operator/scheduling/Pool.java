package dev.vigil.operator.scheduling;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A WorkerPool: identical workers that each run the same detector set.
 *
 * @param capacity stream units one worker can carry
 */
public record Pool(String name, Set<String> detectors, double capacity, int minWorkers, int maxWorkers) {

    public Pool {
        Objects.requireNonNull(name, "name");
        detectors = Collections.unmodifiableSortedSet(new TreeSet<>(detectors));
        if (!(capacity > 0) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException("pool " + name + ": capacity must be a positive number, got " + capacity);
        }
        if (minWorkers < 0 || maxWorkers < minWorkers) {
            throw new IllegalArgumentException(
                    "pool " + name + ": need 0 <= minWorkers <= maxWorkers, got " + minWorkers + ".." + maxWorkers);
        }
    }
}
