package dev.vigil.worker.cluster;

import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.worker.evidence.EvidenceCapture;
import dev.vigil.worker.ffmpeg.FfmpegLibraries;
import dev.vigil.worker.metrics.EvidenceMetrics;
import dev.vigil.worker.session.DetectorPool;
import dev.vigil.worker.source.SourcePermissions;
import dev.vigil.worker.source.SourcePolicy;
import dev.vigil.worker.status.MonitorStatusWriter;
import dev.vigil.worker.status.StatusHub;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code vigil worker}: this worker's lease, the informer on its monitors, their sessions and the status
 * write-back, wired together. {@link #start()} returns at once; {@link #close()} is the orderly shutdown
 * (SIGTERM): stop watching, stop the sessions, write the final status, then release the lease.
 */
public final class WorkerRuntime implements AutoCloseable {

    /** StreamUp reason written on shutdown, until another worker takes the monitor over. */
    public static final String WORKER_STOPPED = "WorkerStopped";

    private static final System.Logger LOG = System.getLogger(WorkerRuntime.class.getName());

    private final WorkerIdentity identity;
    private final DetectorPool pool;
    private final StatusHub hub;
    private final SessionManager sessions;
    private final AssignmentWatcher watcher;
    private final PoolDecodeWatcher decode;
    private final LeaseKeeper lease;
    private final EvidenceCapture evidence;
    private volatile boolean closed;

    /** A worker whose pool allows its sources no files and no listening (WorkerPool spec.sources unset). */
    public WorkerRuntime(
            KubernetesClient client,
            WorkerIdentity identity,
            MeterRegistry registry,
            List<MonitorListenerFactory> listeners,
            StatusHub.Settings statusSettings,
            Clock clock) {
        this(client, identity, SourcePermissions.NONE, registry, listeners, statusSettings, clock, null);
    }

    /** @param sources what the pool allows its monitors' sources (WorkerPool spec.sources); no evidence kept */
    public WorkerRuntime(
            KubernetesClient client,
            WorkerIdentity identity,
            SourcePermissions sources,
            MeterRegistry registry,
            List<MonitorListenerFactory> listeners,
            StatusHub.Settings statusSettings,
            Clock clock) {
        this(client, identity, sources, registry, listeners, statusSettings, clock, null);
    }

    /**
     * @param sources  what the pool allows its monitors' sources (WorkerPool spec.sources)
     * @param evidence the pool's evidence capture (closed with the runtime), or null when it keeps none
     */
    public WorkerRuntime(
            KubernetesClient client,
            WorkerIdentity identity,
            SourcePermissions sources,
            MeterRegistry registry,
            List<MonitorListenerFactory> listeners,
            StatusHub.Settings statusSettings,
            Clock clock,
            EvidenceCapture evidence) {
        this.identity = identity;
        this.evidence = evidence;
        this.pool = DetectorPool.sizedForMachine();
        // construction order: the informer's store first, then the writer that reads it, the hub, the sessions
        this.watcher = new AssignmentWatcher(client, identity);
        MonitorStatusWriter writer =
                new MonitorStatusWriter(client, watcher::cached, clock, StatusHub.counter(registry));
        this.hub = new StatusHub(writer, statusSettings, clock, registry);
        this.sessions = new SessionManager(
                identity.name(),
                pool,
                hub,
                (namespace, spec) -> {
                    WebhookSecrets.check(client, namespace, spec.getNotify());
                    return SourceCredentials.read(
                            client, namespace, spec.getSource().getSecretRef());
                },
                SourcePolicy.cluster(sources),
                listeners,
                evidence,
                identity.capacity());
        this.decode = new PoolDecodeWatcher(client, identity, sessions);
        this.lease = new LeaseKeeper(
                client,
                identity,
                () -> sessions.loadUnits() + sessions.escalations().escalatedUnits(),
                clock);
        RuntimeMetrics.register(registry, identity, sessions, hub);
        if (evidence != null) {
            EvidenceMetrics.register(registry, evidence);
        }
    }

    public void start() {
        LOG.log(
                System.Logger.Level.INFO,
                "worker " + identity.name() + " of pool " + identity.pool() + " in namespace " + identity.namespace()
                        + " starting");
        loadFfmpeg();
        hub.start();
        lease.start();
        decode.start();
        watcher.start(sessions);
    }

    /**
     * Loads FFmpeg's natives before any session exists: a session stopped while its decode thread is still in
     * JavaCPP's first load (which extracts the libraries under a file lock) would be interrupted there and leave
     * the natives unloadable for the life of the process.
     */
    private static void loadFfmpeg() {
        FfmpegLibraries.load();
    }

    /** Readiness: the lease is held and fresh, the informer has synced, and the operator is not draining us. */
    public boolean isReady() {
        return !closed && lease.held() && watcher.hasSynced() && !lease.draining();
    }

    public boolean leaseHeld() {
        return lease.held();
    }

    public boolean informerSynced() {
        return watcher.hasSynced();
    }

    public boolean draining() {
        return lease.draining();
    }

    public SessionManager sessions() {
        return sessions;
    }

    public StatusHub statusHub() {
        return hub;
    }

    public WorkerIdentity identity() {
        return identity;
    }

    /** Orderly shutdown; bounded to about 20 s. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.log(System.Logger.Level.INFO, "worker " + identity.name() + " stopping");
        watcher.close();
        decode.close();
        try {
            sessions.stopAll(
                    new Condition(
                            dev.vigil.api.v1alpha1.Conditions.STREAM_UP,
                            ConditionStatus.UNKNOWN,
                            WORKER_STOPPED,
                            "Worker " + identity.name() + " stopped; waiting for another worker."),
                    Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (evidence != null) {
            evidence.close(); // captures in hand finish (bounded), so their status is part of the last write
        }
        hub.close(); // the write loop ends; what is still pending is written here, ignoring the budget
        hub.flush(Duration.ofSeconds(10));
        lease.release();
        sessions.close();
        pool.close();
    }
}
