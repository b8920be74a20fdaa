package dev.vigil.operator.pool;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Workers each pool should have, as the last scheduling pass decided. The placement loop writes it; the
 * WorkerPool reconciler reads it for the StatefulSet's replicas and is told when a pool's value changes.
 */
public final class PoolDemand {

    /** Told about a pool whose desired workers changed. */
    @FunctionalInterface
    public interface Listener {
        void desiredWorkersChanged(String namespace, String pool);
    }

    private final Map<String, Integer> desired = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public Optional<Integer> desired(String namespace, String pool) {
        return Optional.ofNullable(desired.get(key(namespace, pool)));
    }

    /** Records a pool's value; tells the listeners when it changed. */
    public void update(String namespace, String pool, int workers) {
        Integer old = desired.put(key(namespace, pool), workers);
        if (old == null || old != workers) {
            listeners.forEach(l -> l.desiredWorkersChanged(namespace, pool));
        }
    }

    public void forget(String namespace, String pool) {
        desired.remove(key(namespace, pool));
    }

    private static String key(String namespace, String pool) {
        return namespace + "/" + pool;
    }
}
