package dev.vigil.worker.cluster;

import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.SessionResult;
import dev.vigil.worker.session.StreamEvent;
import dev.vigil.worker.source.StreamFacts;
import java.util.List;
import java.util.function.Consumer;

/** Hands each session event to several listeners in order; one listener failing does not affect the others. */
final class FanOutListener implements SessionListener {

    private static final System.Logger LOG = System.getLogger(FanOutListener.class.getName());

    private final String monitor;
    private final List<SessionListener> listeners;

    FanOutListener(String monitor, List<SessionListener> listeners) {
        this.monitor = monitor;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onStreamUp(StreamFacts facts) {
        each(l -> l.onStreamUp(facts));
    }

    @Override
    public void onDefectOpened(Defect defect) {
        each(l -> l.onDefectOpened(defect));
    }

    @Override
    public void onDefectEscalated(Defect defect) {
        each(l -> l.onDefectEscalated(defect));
    }

    @Override
    public void onDefectClosed(Defect defect) {
        each(l -> l.onDefectClosed(defect));
    }

    @Override
    public void onStreamEvent(StreamEvent event) {
        each(l -> l.onStreamEvent(event));
    }

    @Override
    public void onObservation(dev.vigil.worker.detect.Observation observation) {
        each(l -> l.onObservation(observation));
    }

    @Override
    public void onDecodeChanged(dev.vigil.worker.escalation.DecodeState state) {
        each(l -> l.onDecodeChanged(state));
    }

    @Override
    public void onProgress(double mediaSec) {
        each(l -> l.onProgress(mediaSec));
    }

    @Override
    public void onFinished(SessionResult result) {
        each(l -> l.onFinished(result));
    }

    private void each(Consumer<SessionListener> call) {
        for (SessionListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "listener " + l.getClass().getSimpleName() + " failed for " + monitor + ": " + e);
            }
        }
    }
}
