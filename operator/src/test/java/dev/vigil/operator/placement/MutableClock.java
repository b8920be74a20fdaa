package dev.vigil.operator.placement;

import dev.vigil.operator.membership.LeaseClock;
import java.time.Duration;
import java.time.Instant;

/** A clock tests move by hand. */
public final class MutableClock implements LeaseClock {

    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }
}
