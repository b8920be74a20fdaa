package dev.vigil.worker.detect.video;

import java.util.Arrays;

/** The last {@code capacity} values added, and their median. Small windows, a few medians per second. */
final class MedianWindow {

    private final double[] values;
    private final double[] scratch;
    private int count;
    private int head;

    MedianWindow(int capacity) {
        values = new double[capacity];
        scratch = new double[capacity];
    }

    void add(double v) {
        values[head] = v;
        head = (head + 1) % values.length;
        count = Math.min(count + 1, values.length);
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The median (the upper one of an even count); {@code empty} when nothing was added. */
    double median(double empty) {
        if (count == 0) {
            return empty;
        }
        System.arraycopy(values, 0, scratch, 0, count);
        Arrays.sort(scratch, 0, count);
        return scratch[count / 2];
    }
}
