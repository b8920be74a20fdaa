package dev.vigil.worker.detect.video;

/** Helpers for the JSON-friendly {@code detail} maps of the video detectors. */
final class Details {

    private Details() {}

    /** {@code value} rounded to {@code decimals} decimal places (NaN and infinities become 0). */
    static double round(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return 0.0;
        }
        double f = Math.pow(10, decimals);
        return Math.round(value * f) / f;
    }
}
