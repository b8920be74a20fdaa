package dev.vigil.worker.detect.sync;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.DetectorUnavailableException;

/**
 * The {@code av_sync} thresholds, checked: a value that makes no sense makes the detector unavailable for the
 * stream, with a message naming it (the stream's other detectors run).
 */
record AvSyncSettings(
        SyncTolerance tolerance,
        double windowSec,
        double maxOffsetMs,
        int minPairs,
        double minConfidence,
        double stepMs) {

    static final String SOUND_EARLY_MS = "soundEarlyMs";
    static final String SOUND_LATE_MS = "soundLateMs";
    static final String WINDOW_SEC = "windowSec";
    static final String MAX_OFFSET_MS = "maxOffsetMs";
    static final String MIN_PAIRS = "minPairs";
    static final String MIN_CONFIDENCE = "minConfidence";
    static final String STEP_MS = "stepMs";

    static AvSyncSettings of(DetectorSettings s) {
        double early = s.threshold(SOUND_EARLY_MS);
        double late = s.threshold(SOUND_LATE_MS);
        double window = s.threshold(WINDOW_SEC);
        double maxOffset = s.threshold(MAX_OFFSET_MS);
        double pairs = s.threshold(MIN_PAIRS);
        double confidence = s.threshold(MIN_CONFIDENCE);
        double step = s.threshold(STEP_MS);
        check(early >= 0 && late >= 0, SOUND_EARLY_MS + " and " + SOUND_LATE_MS + " must be >= 0");
        check(window >= 2 && window <= 600, WINDOW_SEC + " must be between 2 and 600");
        check(maxOffset >= 40 && maxOffset <= 5000, MAX_OFFSET_MS + " must be between 40 and 5000");
        check(maxOffset > Math.max(early, late), MAX_OFFSET_MS + " must be larger than the tolerance");
        check(pairs >= 2 && pairs <= 1000 && pairs == Math.rint(pairs), MIN_PAIRS + " must be a whole number >= 2");
        check(confidence >= 0 && confidence <= 1, MIN_CONFIDENCE + " must be between 0 and 1");
        check(step > 0, STEP_MS + " must be > 0");
        return new AvSyncSettings(new SyncTolerance(early, late), window, maxOffset, (int) pairs, confidence, step);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new DetectorUnavailableException(DetectorName.of(DefectType.AV_SYNC), "av_sync: " + message);
        }
    }
}
