package dev.vigil.worker.cli;

import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.Observation;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.SessionResult;
import dev.vigil.worker.session.StreamEvent;
import dev.vigil.worker.source.StreamFacts;
import java.util.List;

/** A session's events to several listeners, in order (evidence first, so the report finds what it planned). */
final class ListenerChain implements SessionListener {

    private final List<SessionListener> listeners;

    ListenerChain(List<SessionListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onStreamUp(StreamFacts facts) {
        listeners.forEach(l -> l.onStreamUp(facts));
    }

    @Override
    public void onDefectOpened(Defect defect) {
        listeners.forEach(l -> l.onDefectOpened(defect));
    }

    @Override
    public void onDefectEscalated(Defect defect) {
        listeners.forEach(l -> l.onDefectEscalated(defect));
    }

    @Override
    public void onDefectClosed(Defect defect) {
        listeners.forEach(l -> l.onDefectClosed(defect));
    }

    @Override
    public void onStreamEvent(StreamEvent event) {
        listeners.forEach(l -> l.onStreamEvent(event));
    }

    @Override
    public void onObservation(Observation observation) {
        listeners.forEach(l -> l.onObservation(observation));
    }

    @Override
    public void onProgress(double mediaSec) {
        listeners.forEach(l -> l.onProgress(mediaSec));
    }

    @Override
    public void onFinished(SessionResult result) {
        listeners.forEach(l -> l.onFinished(result));
    }
}
