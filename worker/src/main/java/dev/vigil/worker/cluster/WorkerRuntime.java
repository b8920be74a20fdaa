package dev.vigil.worker.cluster;

import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.worker.session.DetectorPool;
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
    private volatile boolean closed;

    public WorkerRuntime(KubernetesClient client, WorkerIdentity identity, MeterRegistry registry,
                         List<MonitorListenerFactory> listeners, StatusHub.Settings statusSettings, Clock clock) {
        this.identity = identity;
        this.pool = DetectorPool.sizedForMachine();
        AssignmentWatcher[] watcherRef = new AssignmentWatcher[1];
        MonitorStatusWriter writer = new MonitorStatusWriter(client, key -> watcherRef[0].cached(key), clock,
                StatusHub.counter(registry));
        this.hub = new StatusHub(writer, statusSettings, clock, registry);
        this.sessions = new SessionManager(identity.name(), pool, hub,
                (namespace, source) -> SourceCredentials.read(client, namespace, source.getSecretRef()), listeners,
                identity.capacity());
        this.decode = new PoolDecodeWatcher(client, identity, sessions);
        this.watcher = new AssignmentWatcher(client, identity, sessions);
        watcherRef[0] = watcher;
        this.lease = new LeaseKeeper(client, identity,
                () -> sessions.loadUnits() + sessions.escalations().escalatedUnits(), clock);
        RuntimeMetrics.register(registry, identity, sessions, hub);
    }

    public void start() {
        LOG.log(System.Logger.Level.INFO, "worker " + identity.name() + " of pool " + identity.pool() + " in namespace "
                + identity.namespace() + " starting");
        loadFfmpeg();
        hub.start();
        lease.start();
        decode.start();
        watcher.start();
    }

    /**
     * Loads FFmpeg's natives before any session exists: a session stopped while its decode thread is still in
     * JavaCPP's first load (which extracts the libraries under a file lock) would be interrupted there and leave
     * the natives unloadable for the life of the process.
     */
    private static void loadFfmpeg() {
        try {
            org.bytedeco.javacv.FFmpegFrameGrabber.tryLoad();
        } catch (Exception e) {
            throw new IllegalStateException("cannot load FFmpeg: " + e.getMessage(), e);
        }
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
            sessions.stopAll(new Condition(dev.vigil.api.v1alpha1.Conditions.STREAM_UP, ConditionStatus.UNKNOWN,
                    WORKER_STOPPED, "Worker " + identity.name() + " stopped; waiting for another worker."),
                    Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hub.close(); // the write loop ends; what is still pending is written here, ignoring the budget
        hub.flush(Duration.ofSeconds(10));
        lease.release();
        sessions.close();
        pool.close();
    }
}
