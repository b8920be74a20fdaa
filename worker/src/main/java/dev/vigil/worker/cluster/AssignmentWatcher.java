package dev.vigil.worker.cluster;

import dev.vigil.api.v1alpha1.StreamMonitor;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Watches the StreamMonitors of this worker's namespace that carry its label {@code workers.vigil.dev/<name>}
 * (the operator adds it after writing the assignment, and removes it after removing the assignment) and
 * hands every change to the {@link SessionManager}, which reads the desired shard from
 * {@code status.assignments}. A monitor losing the label arrives as a delete. The informer's cache is also
 * what the status writer compares against, so unchanged status is not written: it exists from construction (so the
 * writer can be built before the sessions it serves), and is filled once {@link #start} runs.
 */
public final class AssignmentWatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AssignmentWatcher.class.getName());

    private final SharedIndexInformer<StreamMonitor> informer;

    /** Builds the informer and its store; nothing is watched before {@link #start}. */
    public AssignmentWatcher(KubernetesClient client, WorkerIdentity identity) {
        this.informer = client.resources(StreamMonitor.class)
                .inNamespace(identity.namespace())
                .withLabel(WorkerLabels.workerLabel(identity.name()))
                .runnableInformer(0);
    }

    /**
     * Starts watching, handing every change to {@code sessions}; returns at once (the first list may still be in
     * progress, see {@link #hasSynced}).
     */
    public void start(SessionManager sessions) {
        SharedIndexInformer<StreamMonitor> i = informer;
        i.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(StreamMonitor m) {
                sessions.monitorChanged(m);
            }

            @Override
            public void onUpdate(StreamMonitor before, StreamMonitor after) {
                sessions.monitorChanged(after);
            }

            @Override
            public void onDelete(StreamMonitor m, boolean finalStateUnknown) {
                sessions.monitorRemoved(
                        m.getMetadata().getNamespace(), m.getMetadata().getName());
            }
        });
        // keep listing and watching through any error (the API server down at start, or later): a worker that
        // gave up watching would keep its sessions but never learn of a change again
        i.exceptionHandler((started, error) -> {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "watching StreamMonitors failed (" + error.getMessage() + "); retrying");
            return true;
        });
        i.start();
    }

    /** The first list has arrived: the worker knows what it should run. */
    public boolean hasSynced() {
        return informer.hasSynced();
    }

    /** The monitor as last seen, by namespace/name; null when not (or no longer) labelled for this worker. */
    public StreamMonitor cached(String key) {
        return informer.getStore().getByKey(key);
    }

    @Override
    public void close() {
        informer.stop();
    }
}
