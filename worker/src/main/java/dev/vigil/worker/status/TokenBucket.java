package dev.vigil.worker.status;

import java.time.Clock;

/**
 * The worker's budget of status writes: {@code ratePerSec} tokens per second, at most {@code burst} saved up.
 * One write takes one token. Not thread-safe: the status write loop is its only user.
 */
public final class TokenBucket {

    private final double ratePerSec;
    private final double burst;
    private final Clock clock;
    private double tokens;
    private long lastMillis;

    public TokenBucket(double ratePerSec, int burst, Clock clock) {
        if (!(ratePerSec > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.ratePerSec = ratePerSec;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.lastMillis = clock.millis();
    }

    /** Takes a token if one is there. */
    public boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Milliseconds until the next token (0 when one is there now). */
    public long millisUntilToken() {
        refill();
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * 1000 / ratePerSec);
    }

    private void refill() {
        long now = clock.millis();
        if (now > lastMillis) {
            tokens = Math.min(burst, tokens + (now - lastMillis) * ratePerSec / 1000);
            lastMillis = now;
        }
    }
}
