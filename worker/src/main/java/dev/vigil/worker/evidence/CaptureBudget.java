package dev.vigil.worker.evidence;

/** A token bucket on the monotonic clock: {@code burst} captures at once, then {@code perSecond}. Thread-safe. */
final class CaptureBudget {

    private final double burst;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    CaptureBudget(int burst, double perSecond) {
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.tokens = burst;
        this.lastNanos = System.nanoTime();
    }

    synchronized boolean tryTake() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastNanos) * perNano);
        lastNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Gives back a token taken for a capture that was not made after all. */
    synchronized void giveBack() {
        tokens = Math.min(burst, tokens + 1);
    }
}
