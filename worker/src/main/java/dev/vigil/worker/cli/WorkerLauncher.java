package dev.vigil.worker.cli;

import dev.vigil.worker.cluster.MonitorListenerFactory;
import dev.vigil.worker.cluster.WorkerClient;
import dev.vigil.worker.cluster.WorkerIdentity;
import dev.vigil.worker.cluster.WorkerRuntime;
import dev.vigil.worker.status.StatusHub;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the cluster runtime from {@code vigil worker}'s options and holds the process until SIGTERM, whose
 * shutdown hook runs the runtime's orderly stop. The meter registry and the session listener factories are
 * made here: this is where the metrics endpoint and notifications plug in.
 */
final class WorkerLauncher {

    private WorkerLauncher() {
    }

    static int run(WorkerCommand o) {
        WorkerIdentity identity;
        StatusHub.Settings settings;
        try {
            identity = WorkerIdentity.resolve(System.getenv(), o.name, o.namespace, o.pool, o.detectors, o.capacity,
                    o.leaseDuration);
            if (!(o.statusInterval > 0) || !(o.statusRate > 0) || o.statusBurst < 1) {
                throw new IllegalArgumentException(
                        "--status-interval and --status-writes-per-sec must be > 0, --status-burst >= 1");
            }
            settings = new StatusHub.Settings(Duration.ofMillis((long) (o.statusInterval * 1000)), o.statusRate,
                    o.statusBurst);
        } catch (IllegalArgumentException e) {
            System.err.println("vigil worker: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        KubernetesClient client;
        try {
            client = WorkerClient.create(o.kubeconfig);
        } catch (RuntimeException e) {
            System.err.println("vigil worker: cannot configure the Kubernetes client: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        MeterRegistry registry = new SimpleMeterRegistry();
        List<MonitorListenerFactory> listeners = new ArrayList<>();
        WorkerRuntime runtime = new WorkerRuntime(client, identity, registry, listeners, settings, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // plain stderr: java.util.logging may already be shut down by its own hook
            System.err.println("vigil worker: " + identity.name() + " stopping");
            runtime.close();
            client.close();
            System.err.println("vigil worker: " + identity.name() + " stopped");
            stopped.countDown();
        }, "vigil-shutdown"));
        runtime.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }
}
