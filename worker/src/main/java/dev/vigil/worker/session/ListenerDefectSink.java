package dev.vigil.worker.session;

import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DefectSink;

/** Hands a session's detector transitions, as they come, to the session's {@link SessionListener}. */
public final class ListenerDefectSink implements DefectSink {

    private final SessionListener listener;

    public ListenerDefectSink(SessionListener listener) {
        this.listener = listener;
    }

    @Override
    public void opened(Defect defect) {
        listener.onDefectOpened(defect);
    }

    @Override
    public void escalated(Defect defect) {
        listener.onDefectEscalated(defect);
    }

    @Override
    public void closed(Defect defect) {
        listener.onDefectClosed(defect);
    }
}
