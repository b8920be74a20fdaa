package dev.vigil.tools.accuracy;

import java.util.ArrayList;
import java.util.List;

/**
 * What FFmpeg's own filters said about one clip: the intervals of freezedetect, blackdetect and silencedetect,
 * blockdetect's score of every frame, and astats' peak measures of every 50 ms window. Thresholds are applied
 * later ({@link FfmpegBaseline}), so that they can be tuned without running FFmpeg again.
 */
record FfmpegMeasurements(List<Detection> intervals, List<Sample> block, List<Window> astats, double durationSec) {

    /** blockdetect's {@code lavfi.block} of the frame at {@code t}. */
    record Sample(double t, double score) {}

    /** astats over 50 ms from {@code t}: overall peak level (dBFS), peak count and flat factor. */
    record Window(double t, double peakDb, double peakCount, double flatFactor) {}

    static FfmpegMeasurements empty() {
        return new FfmpegMeasurements(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), 0);
    }
}
