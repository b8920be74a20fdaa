package dev.vigil.operator.scheduling;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One shard of a monitor running on one worker: the worker decodes the stream and runs these detectors.
 *
 * @param generation the monitor generation this shard was placed for; a different generation means the
 *                   monitor changed since, which allows the scheduler to move it
 * @param since      when the shard was placed on this worker
 */
public record Assignment(String pool, String worker, Set<String> detectors, long generation, Instant since) {

    public Assignment {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(since, "since");
        // sorted copies: equality and output order must not depend on how the caller built the set
        detectors = Collections.unmodifiableSortedSet(new TreeSet<>(detectors));
    }
}
