package dev.vigil.operator.bench;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.status.Assignment;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.Health;
import dev.vigil.operator.membership.LeaseClock;
import dev.vigil.operator.placement.OwnedMonitorStatus;
import dev.vigil.operator.placement.StatusRecorder;
import dev.vigil.operator.placement.WorkerLabeler;
import dev.vigil.operator.pool.ResourceApplier;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The baseline of the scale benchmark, measured on the same API server just before the operator runs: the writes
 * that placing {@code monitors} new monitors needs at the least — each monitor created, then its status patched
 * and its worker label applied through the operator's own {@link StatusRecorder} and {@link WorkerLabeler} —
 * sent from the same number of threads as the benchmark's creates, with no informer, no watch and no planning.
 * It is how fast this API server (and this machine) takes those writes, so the operator's time divided by it says
 * what the operator adds. The monitors are made in their own namespace and deleted before the operator starts.
 */
record BareWrites(double seconds, double createSeconds, double statusSeconds, double labelSeconds, double cpuSeconds) {

    static final String NS = "baseline";

    static BareWrites measure(KubernetesClient client, ExecutorService threads, int monitors, int workers, int creators)
            throws Exception {
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .create();
        StatusRecorder recorder = new StatusRecorder(client, LeaseClock.SYSTEM);
        WorkerLabeler labeler = new WorkerLabeler(client, ResourceApplier.Mode.SSA);
        ScaleBenchmark.log("baseline: " + monitors + " creates, status patches and label applies from " + creators
                + " threads, no operator");
        long start = System.nanoTime();
        java.time.Duration cpuAtStart = ProcessCpu.total();
        List<Future<StreamMonitor>> creates = new ArrayList<>(monitors);
        for (int i = 0; i < monitors; i++) {
            String name = String.format("b-%05d", i);
            creates.add(threads.submit(() -> client.resource(monitor(name)).create()));
        }
        List<StreamMonitor> created = new ArrayList<>(monitors);
        for (Future<StreamMonitor> f : creates) {
            created.add(f.get());
        }
        long createdAt = System.nanoTime();
        List<Future<?>> statuses = new ArrayList<>(monitors);
        for (int i = 0; i < created.size(); i++) {
            StreamMonitor sm = created.get(i);
            String worker = ScaleBenchmark.POOL + "-" + (i % workers);
            statuses.add(threads.submit(() ->
                    require(recorder.recordMonitor(sm, current -> placed(current, worker)), sm)));
        }
        for (Future<?> f : statuses) {
            f.get();
        }
        long statusAt = System.nanoTime();
        List<Future<?>> labels = new ArrayList<>(monitors);
        for (int i = 0; i < created.size(); i++) {
            StreamMonitor sm = created.get(i);
            String worker = ScaleBenchmark.POOL + "-" + (i % workers);
            labels.add(threads.submit(() -> require(labeler.label(sm, Set.of(worker)), sm)));
        }
        for (Future<?> f : labels) {
            f.get();
        }
        long end = System.nanoTime();
        double cpu = ProcessCpu.total().minus(cpuAtStart).toMillis() / 1e3;
        BareWrites result = new BareWrites(
                (end - start) / 1e9,
                (createdAt - start) / 1e9,
                (statusAt - createdAt) / 1e9,
                (end - statusAt) / 1e9,
                cpu);
        ScaleBenchmark.log(String.format(
                "baseline: %.1f s (creates %.1f s, status patches %.1f s, label applies %.1f s);"
                        + " deleting its monitors",
                result.seconds(), result.createSeconds(), result.statusSeconds(), result.labelSeconds()));
        client.resources(StreamMonitor.class).inNamespace(NS).delete();
        while (!client.resources(StreamMonitor.class)
                .inNamespace(NS)
                .list()
                .getItems()
                .isEmpty()) {
            Thread.sleep(500);
        }
        return result;
    }

    private static Void require(boolean written, StreamMonitor sm) {
        if (!written) {
            throw new IllegalStateException(
                    "baseline write skipped for " + sm.getMetadata().getName());
        }
        return null;
    }

    /** What the operator writes for a monitor placed on a worker whose stream has not been reported yet. */
    private static OwnedMonitorStatus placed(StreamMonitor monitor, String worker) {
        long generation = monitor.getMetadata().getGeneration() == null
                ? 1
                : monitor.getMetadata().getGeneration();
        Condition ready = condition(
                Conditions.READY,
                ConditionStatus.FALSE,
                Conditions.STREAM_DOWN,
                "waiting for " + worker + " to connect to the stream",
                generation);
        Condition scheduled = condition(
                Conditions.SCHEDULED, ConditionStatus.TRUE, Conditions.PLACED, "running on " + worker, generation);
        Assignment a = new Assignment();
        a.setPool(ScaleBenchmark.POOL);
        a.setWorker(worker);
        a.setDetectors(List.of("black", "blockiness", "clipping", "freeze", "loudness", "silence", "stall"));
        a.setSince(Instant.now().toString());
        return new OwnedMonitorStatus(generation, List.of(ready, scheduled), Health.PENDING, List.of(a), worker);
    }

    private static Condition condition(String type, ConditionStatus status, String reason, String message, long gen) {
        Condition c = new Condition(type, status, reason, message);
        c.setObservedGeneration(gen);
        return c;
    }

    private static StreamMonitor monitor(String name) {
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(new SourceSpec("srt://encoder-" + name + ":9000"));
        return new StreamMonitor(NS, name, spec);
    }
}
