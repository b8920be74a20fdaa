package dev.vigil.worker.report;

import java.util.Arrays;

/**
 * A measurement over the media timeline in fixed bins, for a report's curves: each bin keeps the highest value
 * that fell in it (a peak must not vanish between two points). Bounded: when a long analysis fills every bin, the
 * bins double in width and pairs merge.
 */
final class CurveSeries {

    static final int MAX_BINS = 4096;

    private double binSec;
    private final double[] max = new double[MAX_BINS];
    private int bins;

    CurveSeries(double binSec) {
        this.binSec = binSec;
        Arrays.fill(max, Double.NaN);
    }

    synchronized void add(double sec, double value) {
        if (!(sec >= 0) || Double.isNaN(value)) {
            return;
        }
        int i = (int) (sec / binSec);
        while (i >= MAX_BINS) {
            coarsen();
            i = (int) (sec / binSec);
        }
        max[i] = Double.isNaN(max[i]) ? value : Math.max(max[i], value);
        bins = Math.max(bins, i + 1);
    }

    synchronized double binSec() {
        return binSec;
    }

    /** Values per bin (NaN where nothing was measured), from time 0. */
    synchronized double[] values() {
        return Arrays.copyOf(max, bins);
    }

    synchronized boolean isEmpty() {
        for (int i = 0; i < bins; i++) {
            if (!Double.isNaN(max[i])) {
                return false;
            }
        }
        return true;
    }

    private void coarsen() {
        for (int i = 0; i < MAX_BINS / 2; i++) {
            double a = max[2 * i];
            double b = max[2 * i + 1];
            max[i] = Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
        }
        Arrays.fill(max, MAX_BINS / 2, MAX_BINS, Double.NaN);
        bins = (bins + 1) / 2;
        binSec *= 2;
    }
}
