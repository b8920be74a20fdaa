package dev.vigil.operator.scheduling;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Detectors of a monitor that this plan could not place. A monitor may be placed in part (some shards run) and
 * still appear here for the rest; it has at most one entry per reason.
 *
 * @param detectors the detectors left without a worker
 * @param message   plain words for the status condition: which detectors or pools, units needed against free
 */
public record Unplaced(MonitorId monitor, UnplacedReason reason, Set<String> detectors, String message) {

    public Unplaced {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        detectors = Collections.unmodifiableSortedSet(new TreeSet<>(detectors));
    }
}
