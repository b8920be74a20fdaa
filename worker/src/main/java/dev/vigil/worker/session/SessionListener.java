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
    default void onStreamUp(StreamFacts facts) {}

    default void onDefectOpened(Defect defect) {}

    /**
     * An open defect's severity changed (a short event, opened as minor, lasted long enough to be escalated):
     * same type and start as the defect opened, the new severity and detail.
     */
    default void onDefectEscalated(Defect defect) {}

    default void onDefectClosed(Defect defect) {}

    /** Facts changes (resolution, codec), drops and reconnects: information, not defects. */
    default void onStreamEvent(StreamEvent event) {}

    /** A detector's measurement that is not a defect (e.g. transport error counters). */
    default void onObservation(Observation observation) {}

    /** How the video is decoded changed: escalated to full decoding, back to the profile, refused, a new profile. */
    default void onDecodeChanged(DecodeState state) {}

    /** Media time analysed so far; called about once per second of media. */
    default void onProgress(double mediaSec) {}

    /** The session ended: media over, stopped, duration reached, or the source failed for good. */
    default void onFinished(SessionResult result) {}

    /** This listener, then {@code next}, for every callback. */
    default SessionListener andThen(SessionListener next) {
        SessionListener first = this;
        return new SessionListener() {
            @Override
            public void onStreamUp(StreamFacts facts) {
                first.onStreamUp(facts);
                next.onStreamUp(facts);
            }

            @Override
            public void onDefectOpened(Defect defect) {
                first.onDefectOpened(defect);
                next.onDefectOpened(defect);
            }

            @Override
            public void onDefectEscalated(Defect defect) {
                first.onDefectEscalated(defect);
                next.onDefectEscalated(defect);
            }

            @Override
            public void onDefectClosed(Defect defect) {
                first.onDefectClosed(defect);
                next.onDefectClosed(defect);
            }

            @Override
            public void onStreamEvent(StreamEvent event) {
                first.onStreamEvent(event);
                next.onStreamEvent(event);
            }

            @Override
            public void onObservation(Observation observation) {
                first.onObservation(observation);
                next.onObservation(observation);
            }

            @Override
            public void onProgress(double mediaSec) {
                first.onProgress(mediaSec);
                next.onProgress(mediaSec);
            }

            @Override
            public void onFinished(SessionResult result) {
                first.onFinished(result);
                next.onFinished(result);
            }
        };
    }
}
