package dev.vigil.operator.membership;

import dev.vigil.operator.VigilLabels;
import dev.vigil.operator.scheduling.Worker;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * How a worker's {@code coordination.k8s.io/v1} Lease reads: name = worker name = holderIdentity, label
 * {@code vigil.dev/pool}, {@code renewTime} + {@code leaseDurationSeconds}, annotations for load and draining.
 * A worker is alive iff renewTime + leaseDurationSeconds is after now.
 */
public record WorkerLease(
        String namespace,
        String worker,
        String pool,
        Instant renewTime,
        int leaseDurationSeconds,
        boolean draining,
        double loadUnits) {

    /** Reads a Lease; empty when it carries no pool label (not a worker lease). */
    public static Optional<WorkerLease> of(Lease lease) {
        Map<String, String> labels = lease.getMetadata().getLabels();
        String pool = labels == null ? null : labels.get(VigilLabels.POOL);
        if (pool == null || pool.isBlank()) {
            return Optional.empty();
        }
        Map<String, String> annotations = lease.getMetadata().getAnnotations();
        boolean draining = annotations != null && "true".equalsIgnoreCase(annotations.get(VigilLabels.DRAINING));
        double load = 0;
        if (annotations != null && annotations.get(VigilLabels.LOAD_UNITS) != null) {
            try {
                load = Double.parseDouble(annotations.get(VigilLabels.LOAD_UNITS));
            } catch (NumberFormatException ignored) {
                load = 0;
            }
        }
        Instant renew = null;
        int duration = 0;
        String worker = lease.getMetadata().getName();
        if (lease.getSpec() != null) {
            ZonedDateTime t = lease.getSpec().getRenewTime();
            renew = t == null ? null : t.toInstant();
            duration = lease.getSpec().getLeaseDurationSeconds() == null
                    ? 0
                    : lease.getSpec().getLeaseDurationSeconds();
        }
        return Optional.of(
                new WorkerLease(lease.getMetadata().getNamespace(), worker, pool, renew, duration, draining, load));
    }

    /** Alive iff renewTime + leaseDurationSeconds is after now. */
    public boolean aliveAt(Instant now) {
        return renewTime != null && renewTime.plusSeconds(leaseDurationSeconds).isAfter(now);
    }

    /** The scheduler's view of this worker at a time. */
    public Worker toWorker(Instant now) {
        return new Worker(worker, pool, aliveAt(now), draining);
    }
}
