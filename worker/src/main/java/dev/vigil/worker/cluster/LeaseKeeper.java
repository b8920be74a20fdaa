package dev.vigil.worker.cluster;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Keeps this worker's {@code coordination.k8s.io/v1} Lease: name = holderIdentity = worker name, label
 * {@code vigil.dev/pool}, annotation {@code vigil.dev/load-units}; renewed every third of its duration. The
 * operator counts a worker alive while renewTime + leaseDurationSeconds is in the future. Writes are
 * read-modify-update (the worker's Role grants get/create/update, not patch or delete), so the operator's
 * {@code vigil.dev/draining} annotation is kept, and read. Release sets renewTime a lease duration back, so
 * the lease reads as expired at once.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LeaseKeeper.class.getName());

    private final KubernetesClient client;
    private final WorkerIdentity identity;
    private final DoubleSupplier loadUnits;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-lease");
        t.setDaemon(true);
        return t;
    });
    private volatile Instant heldUntil = Instant.EPOCH;
    private volatile boolean draining;
    private volatile boolean released;

    public LeaseKeeper(KubernetesClient client, WorkerIdentity identity, DoubleSupplier loadUnits, Clock clock) {
        this.client = client;
        this.identity = identity;
        this.loadUnits = loadUnits;
        this.clock = clock;
    }

    public void start() {
        long every = Math.max(1000, identity.renewInterval().toMillis());
        timer.scheduleWithFixedDelay(this::renewQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    /** The lease is ours and fresh: renewed less than a lease duration ago. */
    public boolean held() {
        return !released && clock.instant().isBefore(heldUntil);
    }

    /** The operator marked this worker for draining ({@code vigil.dev/draining=true}). */
    public boolean draining() {
        return draining;
    }

    /** Creates or renews the lease now. */
    public synchronized void renew() {
        if (released) {
            return;
        }
        Instant now = clock.instant();
        write(now);
        heldUntil = now.plus(identity.leaseDuration());
    }

    /** Marks the lease expired, so the operator moves this worker's monitors at once. */
    public synchronized void release() {
        timer.shutdownNow();
        if (released) {
            return;
        }
        released = true;
        try {
            write(clock.instant().minus(identity.leaseDuration()).minusSeconds(1));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "lease not released (" + e.getMessage() + "); it expires on its own");
        }
        heldUntil = Instant.EPOCH;
    }

    @Override
    public void close() {
        release();
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "lease " + identity.name() + " not renewed: " + e.getMessage());
        }
    }

    private void write(Instant renewTime) {
        var leases = client.leases().inNamespace(identity.namespace());
        ZonedDateTime renew = ZonedDateTime.ofInstant(renewTime.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        String load = String.format(Locale.ROOT, "%.3f", loadUnits.getAsDouble());
        for (int attempt = 1; ; attempt++) {
            Lease lease = leases.withName(identity.name()).get();
            try {
                if (lease == null) {
                    leases.resource(new LeaseBuilder()
                                    .withNewMetadata()
                                    .withName(identity.name())
                                    .withNamespace(identity.namespace())
                                    .addToLabels(WorkerLabels.POOL, identity.pool())
                                    .addToAnnotations(WorkerLabels.LOAD_UNITS, load)
                                    .endMetadata()
                                    .withNewSpec()
                                    .withHolderIdentity(identity.name())
                                    .withLeaseDurationSeconds(
                                            (int) identity.leaseDuration().toSeconds())
                                    .withAcquireTime(renew)
                                    .withRenewTime(renew)
                                    .endSpec()
                                    .build())
                            .create();
                    draining = false;
                    return;
                }
                Map<String, String> annotations = lease.getMetadata().getAnnotations() == null
                        ? new HashMap<>()
                        : new HashMap<>(lease.getMetadata().getAnnotations());
                draining = "true".equalsIgnoreCase(annotations.get(WorkerLabels.DRAINING));
                annotations.put(WorkerLabels.LOAD_UNITS, load);
                Map<String, String> labels = lease.getMetadata().getLabels() == null
                        ? new HashMap<>()
                        : new HashMap<>(lease.getMetadata().getLabels());
                labels.put(WorkerLabels.POOL, identity.pool());
                lease.getMetadata().setAnnotations(annotations);
                lease.getMetadata().setLabels(labels);
                if (!identity.name().equals(lease.getSpec().getHolderIdentity())) {
                    lease.getSpec().setAcquireTime(renew);
                    lease.getSpec().setHolderIdentity(identity.name());
                }
                lease.getSpec()
                        .setLeaseDurationSeconds((int) identity.leaseDuration().toSeconds());
                lease.getSpec().setRenewTime(renew);
                leases.resource(lease).update();
                return;
            } catch (KubernetesClientException e) {
                if ((e.getCode() != 409) || attempt >= 3) {
                    throw e;
                }
            }
        }
    }
}
