package dev.vigil.worker.notify;

import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.evidence.EvidenceLinks;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.StreamEvent;
import dev.vigil.worker.source.StreamFacts;
import java.time.Clock;

/**
 * Turns one session's callbacks into notifications for one monitor.
 *
 * <p>Stream up is announced only as a recovery (after a stream down): a session calls {@code onStreamUp} on
 * every connect and on every bitrate refresh, and a worker restart or a rebalance starting a session is not
 * news. Down is announced once until the stream is back.
 */
public final class NotificationListener implements SessionListener {

    private final MonitorRef monitor;
    private final String worker;
    private final Clock clock;
    private final NotificationSink sink;
    private final EvidenceLinks evidence;
    /** Session callbacks never run concurrently (see SessionListener), so plain fields suffice. */
    private boolean down;

    public NotificationListener(MonitorRef monitor, String worker, Clock clock, NotificationSink sink) {
        this(monitor, worker, clock, sink, EvidenceLinks.NONE);
    }

    /** @param evidence where a defect's thumbnail and clip are, to go with its notifications */
    public NotificationListener(
            MonitorRef monitor, String worker, Clock clock, NotificationSink sink, EvidenceLinks evidence) {
        this.monitor = monitor;
        this.worker = worker;
        this.clock = clock;
        this.sink = sink;
        this.evidence = evidence;
    }

    @Override
    public void onDefectOpened(Defect defect) {
        send(NotificationKind.DEFECT_OPENED, defect, null);
    }

    @Override
    public void onDefectEscalated(Defect defect) {
        send(NotificationKind.DEFECT_ESCALATED, defect, null);
    }

    @Override
    public void onDefectClosed(Defect defect) {
        send(NotificationKind.DEFECT_CLOSED, defect, null);
    }

    @Override
    public void onStreamUp(StreamFacts facts) {
        up(describe(facts));
    }

    @Override
    public void onStreamEvent(StreamEvent event) {
        if (event.kind() == StreamEvent.Kind.STREAM_DOWN && !down) {
            down = true;
            send(
                    NotificationKind.STREAM_DOWN,
                    null,
                    SafeText.of(event.message()) == null ? "stream down" : SafeText.of(event.message()));
        }
    }

    private void up(String message) {
        if (down) {
            down = false;
            send(NotificationKind.STREAM_UP, null, message == null ? "stream up" : message);
        }
    }

    private void send(NotificationKind kind, Defect defect, String message) {
        sink.accept(new Notification(
                kind,
                monitor,
                worker,
                clock.instant(),
                defect,
                message,
                defect == null ? null : evidence.find(defect)));
    }

    private static String describe(StreamFacts f) {
        StringBuilder s = new StringBuilder("stream up");
        if (f.hasVideo()) {
            s.append(": ").append(f.videoCodec()).append(' ').append(f.resolution());
        }
        if (f.hasAudio()) {
            s.append(f.hasVideo() ? ", " : ": ").append(f.audioCodec());
        }
        return s.toString();
    }
}
