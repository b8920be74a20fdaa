package dev.vigil.operator.scheduling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Small builders so each test reads as the cluster it describes. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant NOW = T0.plusSeconds(60);

    private Fixtures() {}

    static TreeSet<String> set(String... names) {
        return new TreeSet<>(Arrays.asList(names));
    }

    static Pool pool(String name, double capacity, int min, int max, String... detectors) {
        return new Pool(name, set(detectors), capacity, min, max);
    }

    static Worker worker(String name, String pool) {
        return new Worker(name, pool, true, false);
    }

    static Worker dead(String name, String pool) {
        return new Worker(name, pool, false, false);
    }

    static Worker draining(String name, String pool) {
        return new Worker(name, pool, true, true);
    }

    /** {@code pool-0 .. pool-(n-1)}, all alive. */
    static List<Worker> workers(String pool, int n) {
        List<Worker> ws = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ws.add(worker(pool + "-" + i, pool));
        }
        return ws;
    }

    static Monitor monitor(String id, double cost, String... detectors) {
        return new Monitor(MonitorId.of(id), set(detectors), cost, 1, false, List.of());
    }

    static Monitor monitor(String id, double cost, long generation, Set<String> detectors, Assignment... current) {
        return new Monitor(MonitorId.of(id), detectors, cost, generation, false, List.of(current));
    }

    static Monitor suspended(Monitor m) {
        return new Monitor(m.id(), m.detectors(), m.cost(), m.generation(), true, m.assignments());
    }

    static Assignment shard(String pool, String worker, long generation, String... detectors) {
        return new Assignment(pool, worker, set(detectors), generation, T0);
    }

    static ClusterState state(List<Monitor> monitors, List<Pool> pools, List<Worker> workers) {
        return new ClusterState(monitors, pools, workers, NOW);
    }

    static Plan plan(ClusterState state) {
        return new Scheduler().plan(state);
    }

    static MonitorId id(String id) {
        return MonitorId.of(id);
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The state after the reconciler carried the plan out: assignments recorded, drains flagged. */
    static ClusterState applied(ClusterState state, Plan plan) {
        List<Monitor> monitors = state.monitors().stream()
                .map(m -> m.withAssignments(plan.assignmentsOf(m.id())))
                .toList();
        List<Worker> workers = state.workers().stream()
                .map(w ->
                        plan.workersToDrain().contains(w.name()) ? new Worker(w.name(), w.pool(), w.alive(), true) : w)
                .toList();
        return new ClusterState(monitors, state.pools(), workers, state.now());
    }
}
