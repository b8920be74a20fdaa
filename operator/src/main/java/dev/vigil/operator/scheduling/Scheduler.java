package dev.vigil.operator.scheduling;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Places StreamMonitors onto WorkerPool workers. Pure and deterministic: the same cluster state, in any list
 * order, always gives the same plan, and nothing outside the arguments is read.
 *
 * <p>One pass: (1) drain workers above a pool's maximum, (2) keep every existing shard that has no cause to
 * move, (3) place what is left, monitors that ran before first and then by id, (4) size the pools.
 */
public final class Scheduler {

    public Plan plan(ClusterState state) {
        Map<String, Pool> pools = index(state.pools(), Pool::name, "pool");
        Map<String, Worker> workers = index(state.workers(), Worker::name, "worker");
        List<Monitor> monitors = sortedById(state.monitors());

        SortedSet<String> overMax = Scaler.overMaximum(pools, workers);
        Map<String, PoolCapacity> capacity = new TreeMap<>();
        for (Pool p : pools.values()) {
            List<String> ready = workers.values().stream()
                    .filter(w -> w.pool().equals(p.name()) && w.alive() && !w.draining() && !overMax.contains(w.name()))
                    .map(Worker::name)
                    .toList();
            capacity.put(p.name(), new PoolCapacity(p, ready));
        }

        Map<MonitorId, List<Assignment>> kept = Retention.keep(monitors, pools, workers, capacity);

        Placer placer = new Placer(pools, capacity, state.now());
        Map<MonitorId, List<Assignment>> assignments = new HashMap<>();
        List<Unplaced> unplaced = new ArrayList<>();
        List<MonitorId> waiting = new ArrayList<>();
        Map<MonitorId, Map<String, List<Long>>> demand = new HashMap<>();
        for (Monitor m : placementOrder(monitors)) {
            Placer.Result r = placer.place(m, kept.getOrDefault(m.id(), List.of()));
            if (!r.shards().isEmpty()) {
                assignments.put(m.id(), r.shards());
            }
            unplaced.addAll(r.unplaced());
            if (!r.pending().isEmpty()) {
                waiting.add(m.id());
                demand.put(m.id(), r.pending());
            }
        }
        // the order the next pass will place them in: monitors that run somewhere first, then by id
        waiting.sort(Comparator.comparing((MonitorId id) -> !assignments.containsKey(id))
                .thenComparing(id -> id));
        Map<String, List<Long>> pending = new TreeMap<>();
        for (MonitorId id : waiting) {
            demand.get(id)
                    .forEach((pool, costs) -> pending.computeIfAbsent(pool, k -> new ArrayList<>())
                            .addAll(costs));
        }
        unplaced.addAll(placer.capacityShortfalls());
        unplaced.sort(Comparator.comparing(Unplaced::monitor).thenComparing(Unplaced::reason));

        Scaler.Result scale = Scaler.scale(pools, capacity, pending);
        SortedSet<String> drain = new TreeSet<>(overMax);
        drain.addAll(scale.drain());

        return new Plan(
                new TreeMap<>(assignments), unplaced, scale.desiredWorkers(), drain, moves(monitors, assignments));
    }

    /**
     * Monitors that ran before come first, so a displaced monitor gets room before a new one takes it; then by
     * id, so input order never matters. Suspended monitors are not placed.
     */
    private static List<Monitor> placementOrder(List<Monitor> monitorsById) {
        List<Monitor> order = new ArrayList<>();
        monitorsById.stream()
                .filter(m -> !m.suspended() && !m.assignments().isEmpty())
                .forEach(order::add);
        monitorsById.stream()
                .filter(m -> !m.suspended() && m.assignments().isEmpty())
                .forEach(order::add);
        return order;
    }

    /** Existing shards of still-scheduled monitors that do not stay on their worker in the same pool. */
    private static int moves(List<Monitor> monitors, Map<MonitorId, List<Assignment>> assignments) {
        int moves = 0;
        for (Monitor m : monitors) {
            if (m.suspended() || m.assignments().isEmpty()) {
                continue;
            }
            List<Assignment> now = assignments.getOrDefault(m.id(), List.of());
            for (Assignment before : m.assignments()) {
                boolean stayed = false;
                for (Assignment a : now) {
                    stayed |= a.pool().equals(before.pool()) && a.worker().equals(before.worker());
                }
                if (!stayed) {
                    moves++;
                }
            }
        }
        return moves;
    }

    private static List<Monitor> sortedById(List<Monitor> monitors) {
        List<Monitor> sorted = new ArrayList<>(monitors);
        sorted.sort(Comparator.comparing(Monitor::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new IllegalArgumentException(
                        "duplicate monitor " + sorted.get(i).id());
            }
        }
        return sorted;
    }

    private static <K extends Comparable<K>, V> Map<K, V> index(Collection<V> values, Function<V, K> key, String kind) {
        Map<K, V> map = new TreeMap<>();
        for (V v : values) {
            if (map.put(key.apply(v), v) != null) {
                throw new IllegalArgumentException("duplicate " + kind + " " + key.apply(v));
            }
        }
        return map;
    }
}
