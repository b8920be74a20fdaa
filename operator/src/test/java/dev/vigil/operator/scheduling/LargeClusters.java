package dev.vigil.operator.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/** A production-sized cluster: 10,000 monitors over 200 workers in four pools. */
final class LargeClusters {

    static final List<Pool> POOLS = List.of(
            new Pool("video", Set.of("black", "freeze", "blockiness", "stall"), 100, 10, 80),
            new Pool("audio", Set.of("silence", "clipping", "loudness", "stall"), 100, 10, 80),
            new Pool("av", Set.of("black", "freeze", "silence", "loudness", "stall"), 100, 10, 80),
            new Pool("qc", Set.of("blockiness", "clipping", "lipsync"), 100, 10, 80));
    private static final List<String> DETECTORS =
            List.of("black", "freeze", "blockiness", "silence", "clipping", "loudness", "stall", "lipsync");
    private static final double[] COSTS = {0.25, 0.25, 0.5, 1, 1, 1, 1, 2.25, 4.5};

    private LargeClusters() {}

    static ClusterState generate(long seed, int monitorCount) {
        Random r = new Random(seed);
        List<Worker> workers = new ArrayList<>();
        for (Pool p : POOLS) {
            for (int i = 0; i < 50; i++) {
                workers.add(new Worker(p.name() + "-" + i, p.name(), true, false));
            }
        }
        List<Monitor> monitors = new ArrayList<>();
        for (int i = 0; i < monitorCount; i++) {
            TreeSet<String> ds = new TreeSet<>();
            int n = 1 + r.nextInt(3);
            while (ds.size() < n) {
                ds.add(DETECTORS.get(r.nextInt(DETECTORS.size())));
            }
            monitors.add(new Monitor(
                    new MonitorId("ns" + (i % 20), "stream-" + i),
                    ds,
                    COSTS[r.nextInt(COSTS.length)],
                    1,
                    r.nextInt(50) == 0,
                    List.of()));
        }
        return new ClusterState(monitors, POOLS, workers, Fixtures.NOW);
    }
}
