package dev.vigil.worker.session;

import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.Observation;
import dev.vigil.worker.escalation.DecodeState;
import dev.vigil.worker.source.StreamFacts;

/**
 * What a session reports. Calls for one session come in order and never concurrently (they run on the
 * session's lane), so implementations need no locking for per-session state.
 */
public interface SessionListener {

    /** Connected (or reconnected) and probed. */
    default void onStreamUp(StreamFacts facts) {
    }

    default void onDefectOpened(Defect defect) {
    }

    default void onDefectClosed(Defect defect) {
    }

    /** Facts changes (resolution, codec), drops and reconnects: information, not defects. */
    default void onStreamEvent(StreamEvent event) {
    }

    /** A detector's measurement that is not a defect (e.g. transport error counters). */
    default void onObservation(Observation observation) {
    }

    /** How the video is decoded changed: escalated to full decoding, back to the profile, refused, a new profile. */
    default void onDecodeChanged(DecodeState state) {
    }

    /** Media time analysed so far; called about once per second of media. */
    default void onProgress(double mediaSec) {
    }

    /** The session ended: media over, stopped, duration reached, or the source failed for good. */
    default void onFinished(SessionResult result) {
    }
}
