package dev.vigil.operator.membership;

import java.time.Instant;

/** The operator's notion of now, for lease expiry and condition times; tests substitute their own. */
@FunctionalInterface
public interface LeaseClock {

    LeaseClock SYSTEM = Instant::now;

    Instant now();
}
