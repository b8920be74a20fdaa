package dev.vigil.worker.detect.sync;

/**
 * What one window of sound onsets and visual events says about the offset.
 *
 * @param offsetMs     audio minus video, ms (positive: sound later than picture); NaN when unknown
 * @param confidence   0..1, how clearly more events agree than chance would give; 0 when unknown
 * @param pairs        visual events with a sound onset at the offset
 * @param visualEvents visual events in the window
 * @param soundOnsets  sound onsets within reach of them
 * @param chance       probability that unrelated events would line up this well at some offset of the range
 * @param firstEventSec time of the window's first visual event (NaN when unknown)
 * @param lastEventSec  time of its last
 * @param reason       why it is unknown; null when known
 */
record ContentEstimate(
        double offsetMs,
        double confidence,
        int pairs,
        int visualEvents,
        int soundOnsets,
        double chance,
        double firstEventSec,
        double lastEventSec,
        String reason) {

    static ContentEstimate known(
            double offsetMs,
            double confidence,
            int pairs,
            int visualEvents,
            int soundOnsets,
            double chance,
            double firstEventSec,
            double lastEventSec) {
        return new ContentEstimate(
                offsetMs, confidence, pairs, visualEvents, soundOnsets, chance, firstEventSec, lastEventSec, null);
    }

    static ContentEstimate unknown(String reason, int visualEvents, int soundOnsets) {
        return new ContentEstimate(Double.NaN, 0, 0, visualEvents, soundOnsets, 1, Double.NaN, Double.NaN, reason);
    }

    ContentEstimate unconfirmed(String why) {
        return new ContentEstimate(
                Double.NaN, 0, pairs, visualEvents, soundOnsets, chance, firstEventSec, lastEventSec, why);
    }

    boolean isKnown() {
        return reason == null;
    }
}
