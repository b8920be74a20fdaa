package dev.vigil.worker.detect.audio;

import java.util.ArrayList;
import java.util.List;

/** Small helpers to build JSON-friendly defect details (rounded numbers, channel lists). */
final class AudioDetail {

    /** Floor used for levels of digital silence, so that details never carry -Infinity. */
    static final double FLOOR_DB = -120.0;

    private AudioDetail() {}

    /** Rounds a level to 0.1 dB, clamping -Infinity/NaN/very low values to {@link #FLOOR_DB}. */
    static Double db(double value) {
        if (Double.isNaN(value) || value < FLOOR_DB) {
            return FLOOR_DB;
        }
        return Math.round(value * 10.0) / 10.0;
    }

    /** Rounds a time or duration to 0.01 s. */
    static Double sec(double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    /** Linear amplitude (or RMS) to dBFS. */
    static double toDb(double linear) {
        return 20.0 * Math.log10(linear);
    }

    static double fromDb(double db) {
        return Math.pow(10.0, db / 20.0);
    }

    /** Channel indexes whose bit is set in {@code mask} (up to 64 channels). */
    static List<Integer> channels(long mask) {
        List<Integer> list = new ArrayList<>(Long.bitCount(mask));
        for (int c = 0; c < 64; c++) {
            if ((mask & (1L << c)) != 0) {
                list.add(c);
            }
        }
        return List.copyOf(list);
    }
}
