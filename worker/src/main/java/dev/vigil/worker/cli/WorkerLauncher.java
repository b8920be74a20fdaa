package dev.vigil.worker.cli;

import dev.vigil.api.v1alpha1.spec.EvidenceSpec;
import dev.vigil.worker.cluster.MonitorListenerFactory;
import dev.vigil.worker.cluster.WorkerClient;
import dev.vigil.worker.cluster.WorkerIdentity;
import dev.vigil.worker.cluster.WorkerRuntime;
import dev.vigil.worker.config.ConfigException;
import dev.vigil.worker.config.ModelDeclarations;
import dev.vigil.worker.detect.ml.ModelRegistry;
import dev.vigil.worker.evidence.EvidenceCapture;
import dev.vigil.worker.evidence.PoolEvidence;
import dev.vigil.worker.metrics.AvSyncMetrics;
import dev.vigil.worker.metrics.DefectMetrics;
import dev.vigil.worker.metrics.MeterRegistries;
import dev.vigil.worker.metrics.MetricsServer;
import dev.vigil.worker.metrics.NotifyMeters;
import dev.vigil.worker.metrics.ProbeChecks;
import dev.vigil.worker.metrics.TransportMetrics;
import dev.vigil.worker.notify.KubernetesEvents;
import dev.vigil.worker.notify.KubernetesSecretResolver;
import dev.vigil.worker.notify.WebhookDispatcher;
import dev.vigil.worker.source.SourcePermissions;
import dev.vigil.worker.status.StatusHub;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the cluster runtime from {@code vigil worker}'s options and holds the process until SIGTERM, whose
 * shutdown hook runs the runtime's orderly stop. Here the runtime meets what else every session feeds: the
 * Prometheus registry and its HTTP endpoints, Kubernetes Events, webhooks and the defect meters.
 */
final class WorkerLauncher {

    private WorkerLauncher() {}

    static int run(WorkerCommand o) {
        WorkerIdentity identity;
        SourcePermissions sources;
        StatusHub.Settings settings;
        try {
            identity = WorkerIdentity.resolve(
                    System.getenv(), o.name, o.namespace, o.pool, o.detectors, o.capacity, o.leaseDuration);
            sources = SourcePermissions.fromEnvironment(System.getenv());
            if (!(o.statusInterval > 0) || !(o.statusRate > 0) || o.statusBurst < 1) {
                throw new IllegalArgumentException(
                        "--status-interval and --status-writes-per-sec must be > 0, --status-burst >= 1");
            }
            settings = new StatusHub.Settings(
                    Duration.ofMillis((long) (o.statusInterval * 1000)), o.statusRate, o.statusBurst);
        } catch (IllegalArgumentException e) {
            System.err.println("vigil worker: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            registerModels(System.getenv(ModelDeclarations.ENV));
        } catch (ConfigException e) {
            System.err.println("vigil worker: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        EvidenceCapture evidence;
        try {
            evidence = PoolEvidence.fromJson(System.getenv(EvidenceSpec.WORKER_ENV));
        } catch (IllegalArgumentException e) {
            System.err.println("vigil worker: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (evidence != null) {
            System.err.println(
                    "vigil worker: defect evidence goes to " + evidence.store().describe());
        }
        KubernetesClient client;
        try {
            client = WorkerClient.create(o.kubeconfig);
        } catch (RuntimeException e) {
            System.err.println("vigil worker: cannot configure the Kubernetes client: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        PrometheusMeterRegistry registry = MeterRegistries.prometheus();
        NotifyMeters notifyMeters = new NotifyMeters(registry);
        KubernetesEvents events = new KubernetesEvents(client, identity.name(), notifyMeters);
        WebhookDispatcher webhooks =
                new WebhookDispatcher(identity.name(), new KubernetesSecretResolver(client), notifyMeters);
        DefectMetrics defectMetrics = new DefectMetrics(registry);
        TransportMetrics transportMetrics = new TransportMetrics(registry);
        AvSyncMetrics avSyncMetrics = new AvSyncMetrics(registry);
        List<MonitorListenerFactory> listeners = List.of(
                defectMetrics::create,
                transportMetrics::create,
                avSyncMetrics::create,
                events::create,
                webhooks::create);
        if (evidence != null) {
            events.useEvidence(evidence);
            webhooks.useEvidence(evidence);
        }
        WorkerRuntime runtime = new WorkerRuntime(
                client, identity, sources, registry, listeners, settings, Clock.systemUTC(), evidence);
        MetricsServer http;
        try {
            http = MetricsServer.start(
                    o.httpPort,
                    registry,
                    new ProbeChecks()
                            .require("lease held", runtime::leaseHeld)
                            .require("assignments synced", runtime::informerSynced));
        } catch (IOException e) {
            System.err.println("vigil worker: cannot serve HTTP on port " + o.httpPort + ": " + e.getMessage());
            client.close();
            return ExitCodes.USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            // plain stderr: java.util.logging may already be shut down by its own hook
                            System.err.println("vigil worker: " + identity.name() + " stopping");
                            // sessions first (their last defects still notify), then the notification paths, then the
                            // client
                            runtime.close();
                            webhooks.close(Duration.ofSeconds(5));
                            events.close();
                            http.close();
                            client.close();
                            System.err.println("vigil worker: " + identity.name() + " stopped");
                            stopped.countDown();
                        },
                        "vigil-shutdown"));
        runtime.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    /**
     * Loads the pool's models once, before any session asks for them. A model that fails to load stays
     * registered with its error: the monitors asking for it report why, their other detectors run.
     */
    static void registerModels(String json) throws ConfigException {
        for (ModelRegistry.Entry entry : ModelDeclarations.registerFromEnvironment(json, ModelRegistry.shared())) {
            System.err.println("vigil worker: model:" + entry.spec().name()
                    + (entry.loaded()
                            ? " loaded from " + entry.spec().file() + " ("
                                    + entry.runtime().contract().describe() + ")"
                            : " unavailable: " + entry.error()));
        }
    }
}
