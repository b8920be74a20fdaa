package dev.vigil.operator.pool;

import dev.vigil.api.v1alpha1.WorkerPool;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The WorkerPools in the WorkerPool controller's informer (JOSDK's cache of its primary resources), shared with the
 * placement loop so that pools are watched once. The reconciler hands the cache over when its event sources are
 * prepared and reports every pool it reconciles: JOSDK reconciles a pool when it appears and when its spec
 * (generation) changes, the changes placement cares about. A deleted pool is not reconciled (no finalizer); the
 * placement loop notices it on its lease check.
 */
public final class ControllerPools implements PoolSource {

    private volatile IndexedResourceCache<WorkerPool> cache;
    private volatile boolean synced;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** The controller's cache, once JOSDK has made it. */
    void attach(IndexedResourceCache<WorkerPool> controllerCache) {
        this.cache = controllerCache;
    }

    /** The controller reconciled this pool. */
    void reconciled(WorkerPool pool) {
        String namespace = pool.getMetadata().getNamespace();
        listeners.forEach(l -> l.accept(namespace));
    }

    @Override
    public List<WorkerPool> inNamespace(String namespace) {
        IndexedResourceCache<WorkerPool> c = cache;
        return c == null ? List.of() : c.list(namespace).toList();
    }

    @Override
    public Set<String> namespaces() {
        IndexedResourceCache<WorkerPool> c = cache;
        return c == null
                ? Set.of()
                : c.list().map(p -> p.getMetadata().getNamespace()).collect(Collectors.toSet());
    }

    /** JOSDK's event source reports its informers' sync through its health indicators; once synced, stays so. */
    @Override
    public boolean hasSynced() {
        if (!synced && cache instanceof InformerWrappingEventSourceHealthIndicator<?> health) {
            synced = !health.informerHealthIndicators().isEmpty()
                    && health.informerHealthIndicators().values().stream().allMatch(InformerHealthIndicator::hasSynced);
        }
        return synced;
    }

    @Override
    public void onChange(Consumer<String> namespace) {
        listeners.add(namespace);
    }
}
