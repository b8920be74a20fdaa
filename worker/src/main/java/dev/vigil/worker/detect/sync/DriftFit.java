package dev.vigil.worker.detect.sync;

/**
 * Least-squares slope of an offset over the last {@code capacity} points: the drift, in ms per minute. Known once
 * the points span {@code minSpanSec} and the slope's standard error is under {@value #MAX_ERROR_MS_PER_MIN} ms/min.
 */
final class DriftFit {

    static final double MAX_ERROR_MS_PER_MIN = 2.0;

    private final double[] t;
    private final double[] y;
    private final double minSpanSec;
    private int size;
    private int next;

    DriftFit(int capacity, double minSpanSec) {
        this.t = new double[capacity];
        this.y = new double[capacity];
        this.minSpanSec = minSpanSec;
    }

    void add(double timeSec, double offsetMs) {
        t[next] = timeSec;
        y[next] = offsetMs;
        next = (next + 1) % t.length;
        size = Math.min(t.length, size + 1);
    }

    void clear() {
        size = 0;
        next = 0;
    }

    /** @return ms per minute, or NaN when not known (too short, too noisy) */
    double msPerMinute() {
        if (size < 5) {
            return Double.NaN;
        }
        double t0 = t[(next - size + t.length) % t.length];
        double st = 0;
        double sy = 0;
        double tMin = Double.POSITIVE_INFINITY;
        double tMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            st += t[i] - t0;
            sy += y[i];
            tMin = Math.min(tMin, t[i]);
            tMax = Math.max(tMax, t[i]);
        }
        if (tMax - tMin < minSpanSec) {
            return Double.NaN;
        }
        double mt = st / size;
        double my = sy / size;
        double stt = 0;
        double sty = 0;
        for (int i = 0; i < size; i++) {
            double dt = t[i] - t0 - mt;
            stt += dt * dt;
            sty += dt * (y[i] - my);
        }
        double slope = sty / stt;
        double residual = 0;
        for (int i = 0; i < size; i++) {
            double e = y[i] - my - slope * (t[i] - t0 - mt);
            residual += e * e;
        }
        double stdError = Math.sqrt(residual / Math.max(1, size - 2) / stt);
        return stdError * 60 <= MAX_ERROR_MS_PER_MIN ? slope * 60 : Double.NaN;
    }
}
