package dev.vigil.kube;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff: {@code initial}, doubling per attempt, never more than {@code max}. With {@code jitter},
 * each wait is drawn from the upper half of its step ("equal jitter"), so that many clients that failed at the
 * same moment (sessions that lost one origin, workers after an API-server outage) do not retry in lockstep.
 *
 * @param jitter draw each wait from [step / 2, step] instead of waiting the step exactly
 */
public record BackoffPolicy(Duration initial, Duration max, boolean jitter) {

    /** Beyond this many doublings every step is {@code max} anyway; the cap keeps the arithmetic finite. */
    private static final int MAX_DOUBLINGS = 30;

    public BackoffPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max, got " + initial + " and " + max);
        }
    }

    /** Waits of exactly {@code initial}, {@code 2 × initial}, … up to {@code max}. */
    public static BackoffPolicy exponential(Duration initial, Duration max) {
        return new BackoffPolicy(initial, max, false);
    }

    /** The same steps, each wait drawn from the upper half of its step. */
    public static BackoffPolicy jittered(Duration initial, Duration max) {
        return new BackoffPolicy(initial, max, true);
    }

    /** The step before retry {@code attempt + 1}: {@code attempt} 0 is the wait after the first failure. */
    public Duration step(int attempt) {
        double step = initial.toMillis() * Math.pow(2, Math.min(Math.max(attempt, 0), MAX_DOUBLINGS));
        return Duration.ofMillis((long) Math.min(max.toMillis(), step));
    }

    /** The wait after failure number {@code attempt + 1}: the step, or with jitter a draw from its upper half. */
    public Duration delay(int attempt) {
        long step = step(attempt).toMillis();
        if (!jitter) {
            return Duration.ofMillis(step);
        }
        return Duration.ofMillis(
                (long) (step / 2.0 + ThreadLocalRandom.current().nextDouble() * step / 2.0));
    }

    /** A counter of consecutive failures that hands out the waits of this policy in turn. */
    public Attempts attempts() {
        return new Attempts(this);
    }

    /** Consecutive failures of one thing (a connection, a session): not thread-safe, one owner. */
    public static final class Attempts {

        private final BackoffPolicy policy;
        private int failures;

        private Attempts(BackoffPolicy policy) {
            this.policy = policy;
        }

        /** The wait after one more failure. */
        public Duration next() {
            return policy.delay(failures++);
        }

        /** A success: the next failure waits the first step again. */
        public void reset() {
            failures = 0;
        }

        public int failures() {
            return failures;
        }
    }
}
