package dev.vigil.operator.scheduling;

import java.util.Objects;

/**
 * One worker process of a pool.
 *
 * @param alive    its lease is fresh; dead workers keep no work
 * @param draining it is on its way out; it gets no new work and its monitors are moved off
 */
public record Worker(String name, String pool, boolean alive, boolean draining) {

    public Worker {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pool, "pool");
    }
}
