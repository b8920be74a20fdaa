package dev.vigil.operator.scheduling;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        Map<MonitorId, Monitor> byId = index(state.monitors(), Monitor::id, "monitor");
        List<Monitor> monitors = List.copyOf(byId.values());

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
        TreeMap<MonitorId, List<Assignment>> assignments = new TreeMap<>();
        List<Unplaced> unplaced = new ArrayList<>();
        Map<String, List<Long>> pending = new TreeMap<>();
        for (Monitor m : placementOrder(monitors)) {
            Placer.Result r = placer.place(m, kept.getOrDefault(m.id(), List.of()));
            if (!r.shards().isEmpty()) {
                assignments.put(m.id(), r.shards());
            }
            unplaced.addAll(r.unplaced());
            r.pending().forEach((pool, costs) -> pending.computeIfAbsent(pool, k -> new ArrayList<>()).addAll(costs));
        }
        unplaced.sort(Comparator.comparing(Unplaced::monitor).thenComparing(Unplaced::reason));

        Scaler.Result scale = Scaler.scale(pools, capacity, pending);
        SortedSet<String> drain = new TreeSet<>(overMax);
        drain.addAll(scale.drain());

        return new Plan(assignments, unplaced, scale.desiredWorkers(), drain, moves(monitors, assignments));
    }

    /**
     * Monitors that ran before come first, so a displaced monitor gets room before a new one takes it; then by
     * id, so input order never matters. Suspended monitors are not placed.
     */
    private static List<Monitor> placementOrder(List<Monitor> monitorsById) {
        List<Monitor> order = new ArrayList<>();
        monitorsById.stream().filter(m -> !m.suspended() && !m.assignments().isEmpty()).forEach(order::add);
        monitorsById.stream().filter(m -> !m.suspended() && m.assignments().isEmpty()).forEach(order::add);
        return order;
    }

    /** Existing shards of still-scheduled monitors that do not stay on their worker in the same pool. */
    private static int moves(List<Monitor> monitors, Map<MonitorId, List<Assignment>> assignments) {
        int moves = 0;
        for (Monitor m : monitors) {
            if (m.suspended()) {
                continue;
            }
            Set<String> now = new HashSet<>();
            assignments.getOrDefault(m.id(), List.of()).forEach(a -> now.add(a.pool() + "\u0000" + a.worker()));
            for (Assignment before : m.assignments()) {
                if (!now.contains(before.pool() + "\u0000" + before.worker())) {
                    moves++;
                }
            }
        }
        return moves;
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
