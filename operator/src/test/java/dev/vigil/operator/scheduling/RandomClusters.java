package dev.vigil.operator.scheduling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/** Seeded random cluster states, including stale and contradictory assignments, for property tests. */
final class RandomClusters {

    // the last one is carried by no pool, so NoPoolForDetectors comes up
    static final List<String> DETECTORS =
            List.of("black", "freeze", "blockiness", "silence", "clipping", "loudness", "stall", "lipsync", "scte35");
    private static final double[] COSTS = {0.25, 0.5, 1, 1, 1, 1.5, 2, 2.25, 4.5, 9};
    private static final double[] CAPACITIES = {1, 2, 4, 8, 10, 16};

    private RandomClusters() {}

    static ClusterState generate(Random r) {
        List<Pool> pools = new ArrayList<>();
        int poolCount = r.nextInt(10) < 8 ? 1 + r.nextInt(5) : 13 + r.nextInt(4); // sometimes past exact search
        for (int i = 0; i < poolCount; i++) {
            TreeSet<String> ds = new TreeSet<>();
            int n = 1 + r.nextInt(4);
            while (ds.size() < n) {
                ds.add(DETECTORS.get(r.nextInt(DETECTORS.size() - 1)));
            }
            int min = r.nextInt(3);
            // some pools decode less than every picture: cheaper monitors, a reserve for escalations
            int profile = r.nextInt(6);
            double share = profile < 3 ? 1.0 : profile < 5 ? 0.5 : 0.15;
            double reserve = share < 1 && r.nextBoolean() ? 0.2 : 0;
            pools.add(new Pool(
                    "p" + i, ds, CAPACITIES[r.nextInt(CAPACITIES.length)], min, min + r.nextInt(6), share, reserve));
        }
        List<Worker> workers = new ArrayList<>();
        for (Pool p : pools) {
            int n = r.nextInt(7);
            for (int i = 0; i < n; i++) {
                workers.add(new Worker(p.name() + "-" + i, p.name(), r.nextInt(100) < 88, r.nextInt(100) < 8));
            }
        }
        if (r.nextInt(5) == 0) {
            workers.add(new Worker("orphan-0", "gone", true, false));
        }
        List<Monitor> monitors = new ArrayList<>();
        int monitorCount = r.nextInt(60);
        for (int i = 0; i < monitorCount; i++) {
            // some name no detectors: the standard set, here every detector (one of which no pool carries)
            boolean standardSet = r.nextInt(6) == 0;
            TreeSet<String> ds = new TreeSet<>(standardSet ? DETECTORS : List.of());
            int n = 1 + r.nextInt(3);
            while (ds.size() < n) {
                ds.add(DETECTORS.get(r.nextInt(r.nextInt(20) == 0 ? DETECTORS.size() : DETECTORS.size() - 1)));
            }
            double cost = r.nextInt(4) == 0 ? 0.05 + r.nextDouble() * 3 : COSTS[r.nextInt(COSTS.length)];
            long generation = 1 + r.nextInt(3);
            List<Assignment> current = new ArrayList<>();
            if (!workers.isEmpty() && r.nextBoolean()) {
                int shards = 1 + r.nextInt(2);
                for (int s = 0; s < shards; s++) {
                    Worker w = workers.get(r.nextInt(workers.size()));
                    String pool = r.nextInt(10) == 0
                            ? pools.get(r.nextInt(pools.size())).name()
                            : w.pool();
                    TreeSet<String> sd = new TreeSet<>();
                    for (String d : ds) {
                        if (r.nextInt(3) > 0) {
                            sd.add(d);
                        }
                    }
                    if (!sd.isEmpty()) {
                        long g = r.nextInt(5) == 0 ? generation + 1 : generation;
                        current.add(new Assignment(pool, w.name(), sd, g, Fixtures.T0.minusSeconds(r.nextInt(1000))));
                    }
                }
            }
            monitors.add(new Monitor(
                    new MonitorId("ns" + r.nextInt(3), "m" + i),
                    ds,
                    cost,
                    generation,
                    r.nextInt(10) == 0,
                    current,
                    standardSet));
        }
        return new ClusterState(monitors, pools, workers, Fixtures.NOW);
    }

    /** What time does to a reconciled cluster: workers die or come, monitors change, arrive, get suspended. */
    static ClusterState disturb(ClusterState s, Random r) {
        List<Worker> workers = new ArrayList<>();
        for (Worker w : s.workers()) {
            workers.add(r.nextInt(8) == 0 ? new Worker(w.name(), w.pool(), !w.alive(), w.draining()) : w);
        }
        for (Pool p : s.pools()) {
            if (r.nextInt(3) == 0) {
                workers.add(new Worker(p.name() + "-" + s.now().getEpochSecond(), p.name(), true, false));
            }
        }
        List<Monitor> monitors = new ArrayList<>();
        for (Monitor m : s.monitors()) {
            int roll = r.nextInt(12);
            if (roll == 0) {
                monitors.add(new Monitor(
                        m.id(),
                        m.detectors(),
                        m.cost(),
                        m.generation() + 1,
                        m.suspended(),
                        m.assignments(),
                        m.standardSet()));
            } else if (roll == 1) {
                monitors.add(new Monitor(
                        m.id(),
                        m.detectors(),
                        m.cost(),
                        m.generation(),
                        !m.suspended(),
                        m.assignments(),
                        m.standardSet()));
            } else if (roll != 2) { // roll 2: deleted
                monitors.add(m);
            }
        }
        for (int i = 0; i < r.nextInt(10); i++) {
            monitors.add(new Monitor(
                    new MonitorId("late", "m" + s.now().getEpochSecond() + "-" + i),
                    new TreeSet<>(List.of(DETECTORS.get(r.nextInt(DETECTORS.size() - 1)))),
                    COSTS[r.nextInt(COSTS.length)],
                    1,
                    false,
                    List.of()));
        }
        return new ClusterState(monitors, s.pools(), workers, s.now().plusSeconds(30));
    }

    /** The same state with every list, including each monitor's assignments, in another order. */
    static ClusterState shuffled(ClusterState s, Random r) {
        List<Monitor> monitors = new ArrayList<>();
        for (Monitor m : s.monitors()) {
            List<Assignment> as = new ArrayList<>(m.assignments());
            Collections.shuffle(as, r);
            monitors.add(m.withAssignments(as));
        }
        Collections.shuffle(monitors, r);
        List<Pool> pools = new ArrayList<>(s.pools());
        Collections.shuffle(pools, r);
        List<Worker> workers = new ArrayList<>(s.workers());
        Collections.shuffle(workers, r);
        return new ClusterState(monitors, pools, workers, s.now());
    }
}
