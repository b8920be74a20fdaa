package dev.vigil.operator.pool;

import dev.vigil.api.v1alpha1.WorkerPool;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The WorkerPools the placement loop plans with, from an informer's cache, and word of a pool that may have changed.
 * In the operator this is the WorkerPool controller's own informer ({@link ControllerPools}): the kind is watched
 * once.
 */
public interface PoolSource {

    /** The pools of a namespace as cached now. */
    List<WorkerPool> inNamespace(String namespace);

    /** Namespaces that have at least one pool. */
    Set<String> namespaces();

    /** True once the cache holds what the API server had when watching began. */
    boolean hasSynced();

    /**
     * Asks to be told the namespace of a pool that was added or whose spec changed. Deletions need not be told: the
     * placement loop compares the pools it planned with against the cache on its lease check.
     */
    void onChange(Consumer<String> namespace);
}
