package dev.vigil.worker.cli;

import dev.vigil.worker.cluster.MonitorListenerFactory;
import dev.vigil.worker.cluster.WorkerClient;
import dev.vigil.worker.cluster.WorkerIdentity;
import dev.vigil.worker.cluster.WorkerRuntime;
import dev.vigil.worker.metrics.DefectMetrics;
import dev.vigil.worker.metrics.MeterRegistries;
import dev.vigil.worker.metrics.MetricsServer;
import dev.vigil.worker.metrics.NotifyMeters;
import dev.vigil.worker.metrics.ProbeChecks;
import dev.vigil.worker.notify.KubernetesEvents;
import dev.vigil.worker.notify.KubernetesSecretResolver;
import dev.vigil.worker.notify.WebhookDispatcher;
import dev.vigil.worker.status.StatusHub;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil worker}: run as a cluster worker until SIGTERM. In a pod every setting comes from the
 * environment the operator's StatefulSet sets; the flags override it, for running against any API server.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run as a cluster worker: hold a Lease, watch the StreamMonitors assigned to this worker,"
                + " run their sessions and write their status, until SIGTERM.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "2:bad arguments or environment"})
public final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--name", paramLabel = "NAME", description = "Worker name = Lease name (default: $POD_NAME)")
    String name;

    @Option(names = "--namespace", paramLabel = "NS", description = "Namespace of the worker, its Lease and monitors (default: $POD_NAMESPACE)")
    String namespace;

    @Option(names = "--pool", paramLabel = "POOL", description = "WorkerPool this worker belongs to (default: $VIGIL_POOL)")
    String pool;

    @Option(names = "--detectors", paramLabel = "LIST", description = "Detectors of the pool, comma-separated (default: $VIGIL_POOL_DETECTORS)")
    String detectors;

    @Option(names = "--capacity", paramLabel = "UNITS", description = "Stream units this worker carries (default: $VIGIL_POOL_CAPACITY, else 1)")
    Double capacity;

    @Option(names = "--lease-duration", paramLabel = "SEC", description = "Lease duration in seconds (default: $VIGIL_LEASE_DURATION_SECONDS, else 15)")
    Integer leaseDuration;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig to use (default: in-cluster, else $KUBECONFIG or ~/.kube/config)")
    Path kubeconfig;

    @Option(names = "--status-interval", paramLabel = "SEC", defaultValue = "5",
            description = "Least seconds between status writes of one monitor for routine changes (facts, bit rate); defects and up/down are written at once (default: ${DEFAULT-VALUE})")
    double statusInterval;

    @Option(names = "--status-writes-per-sec", paramLabel = "N", defaultValue = "10",
            description = "Status write budget of this worker, writes per second (default: ${DEFAULT-VALUE})")
    double statusRate;

    @Option(names = "--status-burst", paramLabel = "N", defaultValue = "20",
            description = "Status writes the budget may save up for a burst (default: ${DEFAULT-VALUE})")
    int statusBurst;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of /metrics, /healthz and /readyz; 0 picks a free port (default: ${DEFAULT-VALUE})")
    int httpPort;

    @Override
    public Integer call() {
        WorkerIdentity identity;
        StatusHub.Settings settings;
        try {
            identity = WorkerIdentity.resolve(System.getenv(), name, namespace, pool, detectors, capacity, leaseDuration);
            if (!(statusInterval > 0) || !(statusRate > 0) || statusBurst < 1) {
                throw new IllegalArgumentException("--status-interval and --status-writes-per-sec must be > 0, --status-burst >= 1");
            }
            settings = new StatusHub.Settings(Duration.ofMillis((long) (statusInterval * 1000)), statusRate, statusBurst);
        } catch (IllegalArgumentException e) {
            System.err.println("vigil worker: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        KubernetesClient client;
        try {
            client = WorkerClient.create(kubeconfig);
        } catch (RuntimeException e) {
            System.err.println("vigil worker: cannot configure the Kubernetes client: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        // made here, not in a field initialiser, so that other commands do not load Micrometer
        PrometheusMeterRegistry registry = MeterRegistries.prometheus();
        NotifyMeters notifyMeters = new NotifyMeters(registry);
        KubernetesEvents events = new KubernetesEvents(client, identity.name(), notifyMeters);
        WebhookDispatcher webhooks = new WebhookDispatcher(identity.name(), new KubernetesSecretResolver(client), notifyMeters);
        DefectMetrics defectMetrics = new DefectMetrics(registry);
        List<MonitorListenerFactory> listeners = List.of(defectMetrics::create, events::create, webhooks::create);
        WorkerRuntime runtime = new WorkerRuntime(client, identity, registry, listeners, settings, Clock.systemUTC());
        MetricsServer http;
        try {
            http = MetricsServer.start(httpPort, registry, new ProbeChecks()
                    .require("lease held", runtime::leaseHeld)
                    .require("assignments synced", runtime::informerSynced));
        } catch (IOException e) {
            System.err.println("vigil worker: cannot serve HTTP on port " + httpPort + ": " + e.getMessage());
            client.close();
            return ExitCodes.USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // sessions first (their last defects still notify), then the notification paths, then the client
            runtime.close();
            webhooks.close(Duration.ofSeconds(5));
            events.close();
            http.close();
            client.close();
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
