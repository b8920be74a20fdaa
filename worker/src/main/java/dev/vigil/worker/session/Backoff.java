package dev.vigil.worker.session;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: exponential from {@code initial} up to {@code max}, with full jitter in the upper half
 * so that many sessions that lost the same origin do not reconnect in lockstep.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private int attempt;

    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    public Duration next() {
        double base = Math.min(max.toMillis(), initial.toMillis() * Math.pow(2, Math.min(attempt, 20)));
        attempt++;
        double jittered = base / 2 + ThreadLocalRandom.current().nextDouble() * base / 2;
        return Duration.ofMillis((long) jittered);
    }

    public void reset() {
        attempt = 0;
    }
}
