package dev.vigil.worker.session;

import dev.vigil.worker.detect.Defect;
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

    /**
     * An open defect's severity changed (a short event, opened as minor, lasted long enough to be escalated):
     * same type and start as the defect opened, the new severity and detail.
     */
    default void onDefectEscalated(Defect defect) {
    }

    default void onDefectClosed(Defect defect) {
    }

    /** Facts changes (resolution, codec), drops and reconnects: information, not defects. */
    default void onStreamEvent(StreamEvent event) {
    }

    /** Media time analysed so far; called about once per second of media. */
    default void onProgress(double mediaSec) {
    }

    /** The session ended: media over, stopped, duration reached, or the source failed for good. */
    default void onFinished(SessionResult result) {
    }
}
