package dev.vigil.operator.scheduling;

import java.math.BigDecimal;

/**
 * Stream units as whole thousandths. Capacity sums then are exact, so a plan never depends on the order
 * in which doubles happen to be added, and "fits" has no rounding slack.
 */
final class Units {

    static final long SCALE = 1000;
    // absorbs binary noise such as 0.1 * 1000 = 100.00000000000001 before rounding
    private static final double NOISE = 1e-6;

    private Units() {}

    /** A cost, rounded up so a placement never uses more than the thousandths it reserved. */
    static long ofCost(double units) {
        return Math.max(1, (long) Math.ceil(units * SCALE - NOISE));
    }

    /** A capacity, rounded down for the same reason. */
    static long ofCapacity(double units) {
        return (long) Math.floor(units * SCALE + NOISE);
    }

    static String format(long thousandths) {
        return BigDecimal.valueOf(thousandths, 3).stripTrailingZeros().toPlainString();
    }
}
