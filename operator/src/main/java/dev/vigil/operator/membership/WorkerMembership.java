package dev.vigil.operator.membership;

import dev.vigil.operator.VigilLabels;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Worker membership from Leases: one informer on {@code coordination.k8s.io/v1} Leases that carry the
 * {@code vigil.dev/pool} label (never a full list of every Lease in the cluster). Calls back with the
 * namespace whenever a change matters to placement: a lease appears or goes, changes pool, starts draining,
 * or comes back to life. Renewals of a live lease change nothing and are ignored; expiry is noticed by the
 * placement loop's timer, which compares the alive set at each tick.
 */
public final class WorkerMembership implements AutoCloseable {

    private final KubernetesClient client;
    private final LeaseClock clock;
    private SharedIndexInformer<Lease> informer;

    public WorkerMembership(KubernetesClient client, LeaseClock clock) {
        this.client = client;
        this.clock = clock;
    }

    public synchronized void start(Consumer<String> onChange) {
        if (informer != null) {
            return;
        }
        informer = client.leases()
                .inAnyNamespace()
                .withLabel(VigilLabels.POOL)
                .inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(Lease lease) {
                                onChange.accept(lease.getMetadata().getNamespace());
                            }

                            @Override
                            public void onUpdate(Lease oldLease, Lease newLease) {
                                if (matters(oldLease, newLease)) {
                                    onChange.accept(newLease.getMetadata().getNamespace());
                                }
                            }

                            @Override
                            public void onDelete(Lease lease, boolean deletedFinalStateUnknown) {
                                onChange.accept(lease.getMetadata().getNamespace());
                            }
                        },
                        0);
    }

    private boolean matters(Lease oldLease, Lease newLease) {
        Optional<WorkerLease> a = WorkerLease.of(oldLease);
        Optional<WorkerLease> b = WorkerLease.of(newLease);
        if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() != b.isPresent();
        }
        var now = clock.now();
        return !Objects.equals(a.get().pool(), b.get().pool())
                || a.get().draining() != b.get().draining()
                || a.get().aliveAt(now) != b.get().aliveAt(now);
    }

    /** Worker leases of a namespace, from the informer cache. */
    public List<WorkerLease> leases(String namespace) {
        if (informer == null) {
            return List.of();
        }
        List<WorkerLease> out = new ArrayList<>();
        for (Lease lease : informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)) {
            WorkerLease.of(lease).ifPresent(out::add);
        }
        return out;
    }

    /** Namespaces that have at least one worker lease. */
    public Set<String> namespaces() {
        Set<String> out = new HashSet<>();
        if (informer != null) {
            for (Lease lease : informer.getStore().list()) {
                out.add(lease.getMetadata().getNamespace());
            }
        }
        return out;
    }

    public boolean hasSynced() {
        return informer != null && informer.hasSynced();
    }

    /** Marks a worker as draining: a merge patch of one annotation, so the worker's own renewals are untouched. */
    public void markDraining(String namespace, String worker) {
        String patch = "{\"metadata\":{\"annotations\":{\"" + VigilLabels.DRAINING + "\":\"true\"}}}";
        try {
            client.leases().inNamespace(namespace).withName(worker).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
            informer = null;
        }
    }
}
