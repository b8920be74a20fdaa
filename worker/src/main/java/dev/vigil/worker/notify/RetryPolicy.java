package dev.vigil.worker.notify;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a webhook delivery is retried: exponential backoff from {@code initialBackoff},
 * doubling per attempt up to {@code maxBackoff}, with "equal jitter" (a random half of the step is added to the
 * other half) so that many workers retrying a recovering endpoint do not hit it in lockstep.
 *
 * @param maxAttempts attempts in all, the first included
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /** The wait after failed attempt {@code attempt} (1 = the first), at least {@code retryAfter} if the server asked. */
    public Duration delayAfter(int attempt, Duration retryAfter) {
        double step = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() * Math.pow(2, attempt - 1));
        long millis = Math.round(step / 2 + ThreadLocalRandom.current().nextDouble() * step / 2);
        if (retryAfter != null) {
            millis = Math.max(millis, Math.min(retryAfter.toMillis(), maxBackoff.toMillis()));
        }
        return Duration.ofMillis(millis);
    }

    /**
     * Whether an HTTP status is worth another attempt: server errors, 408 and 429 may pass; any other 4xx means
     * the request itself is wrong (bad URL, refused credentials) and will fail again.
     */
    public static boolean retryable(int status) {
        return status >= 500 || status == 429 || status == 408;
    }
}
