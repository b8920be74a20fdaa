package dev.vigil.operator.scheduling;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The outcome of one scheduling pass.
 *
 * @param assignments    per monitor, its shards (sorted by pool); monitors with no shard are absent
 * @param unplaced       what could not be placed and why, sorted by monitor then reason
 * @param desiredWorkers per pool, how many live serving workers it should have (between minWorkers and maxWorkers)
 * @param workersToDrain workers this pass newly marks as draining
 * @param moves          existing shards of still-scheduled monitors that this plan does not keep on their worker
 */
public record Plan(
        SortedMap<MonitorId, List<Assignment>> assignments,
        List<Unplaced> unplaced,
        SortedMap<String, Integer> desiredWorkers,
        SortedSet<String> workersToDrain,
        int moves) {

    public Plan {
        TreeMap<MonitorId, List<Assignment>> copy = new TreeMap<>();
        assignments.forEach((id, shards) -> copy.put(id, List.copyOf(shards)));
        assignments = Collections.unmodifiableSortedMap(copy);
        unplaced = List.copyOf(unplaced);
        desiredWorkers = Collections.unmodifiableSortedMap(new TreeMap<>(desiredWorkers));
        workersToDrain = Collections.unmodifiableSortedSet(new TreeSet<>(workersToDrain));
    }

    /** The shards of one monitor, empty when it has none. */
    public List<Assignment> assignmentsOf(MonitorId monitor) {
        return assignments.getOrDefault(monitor, List.of());
    }
}
