package dev.vigil.operator.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Sizes pools: grows them for shards that found no room, drains idle workers nobody needs. */
final class Scaler {

    record Result(SortedMap<String, Integer> desiredWorkers, SortedSet<String> drain) {}

    private Scaler() {}

    /**
     * Live, non-draining workers beyond a pool's maxWorkers (highest names first, as a StatefulSet removes
     * them). They are drained before placement so their monitors move now rather than get cut off later.
     */
    static SortedSet<String> overMaximum(Map<String, Pool> pools, Map<String, Worker> workers) {
        SortedSet<String> excess = new TreeSet<>();
        for (Pool p : pools.values()) {
            List<String> active = workers.values().stream()
                    .filter(w -> w.pool().equals(p.name()) && w.alive() && !w.draining())
                    .map(Worker::name)
                    .sorted(WorkerNames.ORDER.reversed())
                    .toList();
            excess.addAll(active.subList(0, Math.max(0, active.size() - p.maxWorkers())));
        }
        return excess;
    }

    /**
     * Desired workers = ready workers, minus idle ones drained, plus enough new ones to hold the pending shards,
     * within minWorkers..maxWorkers. A pool with pending shards drains nothing.
     */
    static Result scale(Map<String, Pool> pools, Map<String, PoolCapacity> capacity, Map<String, List<Long>> pending) {
        SortedMap<String, Integer> desired = new TreeMap<>();
        SortedSet<String> drain = new TreeSet<>();
        for (Pool p : pools.values()) {
            PoolCapacity pc = capacity.get(p.name());
            List<Long> demand = pending.getOrDefault(p.name(), List.of());
            int ready = pc.readyWorkers();
            int drained = 0;
            if (demand.isEmpty()) {
                // highest names first: the pods a StatefulSet would remove anyway
                List<String> idle = new ArrayList<>(pc.idleWorkers().descendingSet());
                drained = Math.max(0, Math.min(idle.size(), ready - p.minWorkers()));
                drain.addAll(idle.subList(0, drained));
            }
            int extra = newWorkersFor(demand, pc.capacity(), p.maxWorkers());
            desired.put(p.name(), Math.max(p.minWorkers(), Math.min(p.maxWorkers(), ready - drained + extra)));
        }
        return new Result(desired, drain);
    }

    /**
     * Empty workers needed to hold these shards, found by running the same best fit, in the same order, that the
     * next pass will use: existing workers had no room for any of them, so they go onto new ones. Shards larger
     * than a whole worker are left out (no number of workers holds them). Stops counting past {@code limit}.
     */
    static int newWorkersFor(List<Long> costs, long capacity, int limit) {
        TreeMap<Long, Integer> binsByFree = new TreeMap<>();
        int bins = 0;
        for (long c : costs) {
            if (c > capacity) {
                continue;
            }
            Long free = binsByFree.ceilingKey(c);
            if (free == null) {
                if (bins > limit) {
                    break;
                }
                bins++;
                free = capacity;
            } else {
                binsByFree.merge(free, -1, Integer::sum);
                binsByFree.remove(free, 0);
            }
            binsByFree.merge(free - c, 1, Integer::sum);
        }
        return bins;
    }
}
