package dev.vigil.worker.detect.sync;

import java.util.List;

/**
 * What the timestamp path knows at {@code atSec} (session time), handed from the decode thread to the lane.
 *
 * @param known         the audio timestamps have been seen (and, for a file, the start offset measured)
 * @param startOffsetMs files: first audio timestamp minus first video timestamp; NaN for live sources
 * @param stepsMs       sum of the steps since the session started
 * @param driftMs       the small per-packet deviations added up since the session started; NaN when the audio
 *                      packets carry no durations
 * @param steps         steps found since the previous reading
 */
record TimestampReading(
        double atSec, boolean known, double startOffsetMs, double stepsMs, double driftMs, List<Step> steps) {

    /** A jump of the audio timestamps against the video's, at session time {@code atSec}. */
    record Step(double atSec, double jumpMs) {}

    /** The offset the timestamps alone give: start offset (files) + steps + drift. */
    double offsetMs() {
        return (Double.isNaN(startOffsetMs) ? 0 : startOffsetMs) + stepsMs + (Double.isNaN(driftMs) ? 0 : driftMs);
    }
}
