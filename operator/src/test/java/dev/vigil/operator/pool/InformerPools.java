package dev.vigil.operator.pool;

import dev.vigil.api.v1alpha1.WorkerPool;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * WorkerPools from an informer of their own, for running the placement loop without the WorkerPool controller
 * (tests and benchmarks). Tells of added pools and spec changes as the controller does (it reconciles on those);
 * like it, says nothing of deletions.
 */
public final class InformerPools implements PoolSource, AutoCloseable {

    private final SharedIndexInformer<WorkerPool> informer;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public InformerPools(KubernetesClient client) {
        informer = client.resources(WorkerPool.class)
                .inAnyNamespace()
                .inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(WorkerPool pool) {
                                tell(pool);
                            }

                            @Override
                            public void onUpdate(WorkerPool before, WorkerPool after) {
                                if (!Objects.equals(
                                        before.getMetadata().getGeneration(),
                                        after.getMetadata().getGeneration())) {
                                    tell(after);
                                }
                            }

                            @Override
                            public void onDelete(WorkerPool pool, boolean deletedFinalStateUnknown) {}
                        },
                        0);
    }

    private void tell(WorkerPool pool) {
        listeners.forEach(l -> l.accept(pool.getMetadata().getNamespace()));
    }

    @Override
    public List<WorkerPool> inNamespace(String namespace) {
        return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    @Override
    public Set<String> namespaces() {
        return informer.getStore().list().stream()
                .map(p -> p.getMetadata().getNamespace())
                .collect(Collectors.toSet());
    }

    @Override
    public boolean hasSynced() {
        return informer.hasSynced();
    }

    @Override
    public void onChange(Consumer<String> namespace) {
        listeners.add(namespace);
    }

    @Override
    public void close() {
        informer.close();
    }
}
