package dev.vigil.worker.cluster;

import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.spec.DecodeSpec;
import dev.vigil.worker.decode.DecodeProfile;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Watches this worker's own WorkerPool (one object, by name) for {@code spec.decode} and hands it to the sessions,
 * which switch between packets. The decode profile is read here rather than passed in the pod's environment so that
 * switching a pool from full to economy changes no pod: no worker restarts, no monitor moves. Until the pool has been
 * read (or if it cannot be), streams are decoded in full.
 */
final class PoolDecodeWatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PoolDecodeWatcher.class.getName());

    private final KubernetesClient client;
    private final WorkerIdentity identity;
    private final SessionManager sessions;
    private volatile SharedIndexInformer<WorkerPool> informer;

    PoolDecodeWatcher(KubernetesClient client, WorkerIdentity identity, SessionManager sessions) {
        this.client = client;
        this.identity = identity;
        this.sessions = sessions;
    }

    void start() {
        SharedIndexInformer<WorkerPool> i = client.resources(WorkerPool.class)
                .inNamespace(identity.namespace())
                .withName(identity.pool())
                .runnableInformer(0);
        i.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(WorkerPool pool) {
                apply(pool);
            }

            @Override
            public void onUpdate(WorkerPool before, WorkerPool after) {
                apply(after);
            }

            @Override
            public void onDelete(WorkerPool pool, boolean finalStateUnknown) {
                // the pool is going away with its workers; keep decoding as before meanwhile
            }
        });
        i.exceptionHandler((started, error) -> {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "watching WorkerPool " + identity.pool() + " failed (" + error.getMessage() + "); retrying");
            return true;
        });
        informer = i;
        i.start();
    }

    private void apply(WorkerPool pool) {
        DecodeSpec d = pool.getSpec() == null || pool.getSpec().getDecode() == null
                ? new DecodeSpec()
                : pool.getSpec().getDecode();
        sessions.useDecode(DecodeProfile.of(d.profileOrDefault()), d.escalates());
    }

    @Override
    public void close() {
        SharedIndexInformer<WorkerPool> i = informer;
        if (i != null) {
            i.stop();
        }
    }
}
