package dev.vigil.worker.evidence;

import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.session.MediaTap;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.SessionResult;
import dev.vigil.worker.source.MediaSource;
import dev.vigil.worker.source.Packet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evidence of one stream's defects. On the decode thread it keeps the last seconds of compressed packets
 * ({@link PacketRing}); when a defect opens (on the session's lane) it plans a capture — within the stream's and
 * the process's budgets — and once the decoder is {@code afterSec} past the onset it hands references to the
 * packets around it to the capture threads. The decode thread only ever takes references and queues; it never
 * decodes, encodes, writes or waits for anything here.
 *
 * <p>Give the session this recorder as its {@link MediaTap} and, first among its listeners, as a
 * {@link SessionListener}, so that status and notifications find the evidence planned for a defect they report.
 */
public final class EvidenceRecorder implements MediaTap, SessionListener {

    private final EvidenceCapture capture;
    private final EvidenceSettings settings;
    private final String session;
    private final EvidenceNaming naming;
    private final EvidenceLedger ledger;
    private final Map<String, String> metadata;
    private final CaptureBudget budget;
    private final Object lock = new Object();
    /** Guarded by lock. */
    private final PacketRing ring;

    private final List<Plan> pending = new ArrayList<>();
    private StreamLayout layout;
    private boolean connected;
    private boolean finished;
    private volatile long ringBytes;
    /** Wall-clock millis of media time 0, learnt from progress (cluster keys carry wall-clock starts). */
    private volatile long mediaZeroMillis = Long.MIN_VALUE;

    private record Plan(Defect defect, EvidenceRef ref, Map<String, String> metadata, double dueSec) {}

    EvidenceRecorder(
            EvidenceCapture capture,
            String session,
            EvidenceNaming naming,
            EvidenceLedger ledger,
            Map<String, String> metadata) {
        this.capture = capture;
        this.settings = capture.settings();
        this.session = session;
        this.naming = naming;
        this.ledger = ledger;
        this.metadata = Map.copyOf(metadata);
        this.budget = new CaptureBudget(settings.streamBurst(), settings.streamPerHour() / 3600);
        this.ring = new PacketRing(settings.ringSec(), settings.maxRingBytes());
    }

    public EvidenceLedger ledger() {
        return ledger;
    }

    /** Packet bytes held now. */
    public long ringBytes() {
        return ringBytes;
    }

    // ---- decode thread

    @Override
    public void onConnected(MediaSource source) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            fire(pending.size()); // what was waiting for its seconds after takes what the old connection gave
            ring.clear();
            if (layout != null) {
                layout.close();
            }
            layout = StreamLayout.of(source);
            connected = true;
        }
    }

    @Override
    public void onPacket(Packet packet, double sessionSec) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            ring.add(packet, sessionSec);
            ringBytes = ring.bytes();
            if (!pending.isEmpty()) {
                fireDue();
            }
        }
    }

    @Override
    public void onDisconnected() {
        synchronized (lock) {
            connected = false;
            fire(pending.size());
        }
    }

    // ---- lane

    @Override
    public void onProgress(double mediaSec) {
        mediaZeroMillis = System.currentTimeMillis() - (long) (mediaSec * 1000);
    }

    @Override
    public void onDefectOpened(Defect defect) {
        synchronized (lock) {
            if (finished || layout == null || !settings.thumbnails() && !settings.clips()) {
                return;
            }
            if (!budget.tryTake()) {
                capture.counters().countRateLimited();
                return;
            }
            if (!capture.withinBudget()) {
                budget.giveBack();
                capture.counters().countRateLimited();
                return;
            }
            long zero = mediaZeroMillis;
            long startMillis =
                    (zero == Long.MIN_VALUE ? System.currentTimeMillis() : zero) + (long) (defect.startSec() * 1000);
            String stem = naming.stem(defect, Math.min(startMillis, System.currentTimeMillis()));
            boolean thumbnail = settings.thumbnails() && layout.video() != null;
            EvidenceRef ref = EvidenceRef.planned(
                    stem,
                    defect.startSec(),
                    thumbnail ? stem + ".jpg" : null,
                    settings.clips() ? stem + "." + layout.container().extension : null);
            if (ref.thumbnail() == null && ref.clip() == null) {
                return; // an audio-only stream without clips: nothing to take
            }
            ledger.planned(defect, ref);
            pending.add(new Plan(
                    defect, ref, objectMetadata(defect, startMillis), defect.startSec() + settings.afterSec()));
            if (!connected) {
                fire(pending.size());
            } else {
                fireDue();
            }
        }
    }

    @Override
    public void onFinished(SessionResult result) {
        synchronized (lock) {
            fire(pending.size());
            finished = true;
            ring.close();
            ringBytes = 0;
            if (layout != null) {
                layout.close();
                layout = null;
            }
        }
        capture.ended(this);
    }

    // ---- captures (lock held)

    /** Captures the plans whose seconds after the onset have been read. */
    private void fireDue() {
        double newest = ring.newestSec();
        for (Iterator<Plan> it = pending.iterator(); it.hasNext(); ) {
            Plan p = it.next();
            if (newest >= p.dueSec()) {
                it.remove();
                take(p);
            }
        }
    }

    /** Captures the first {@code n} plans now, with whatever the ring holds. */
    private void fire(int n) {
        for (int i = 0; i < n && !pending.isEmpty(); i++) {
            take(pending.remove(0));
        }
    }

    private void take(Plan p) {
        if (layout == null) {
            ledger.update(p.ref().lost("session ended before the capture", false, false, Double.NaN, Double.NaN));
            capture.counters().countLost();
            return;
        }
        if (!capture.hasRoom()) {
            capture.dropUntaken(ledger, p.ref(), "capture fell behind: queue full");
            return;
        }
        double start = p.defect().startSec();
        long t0 = System.nanoTime();
        List<RingPacket> packets;
        try {
            packets = ring.copy(start - settings.beforeSec(), start + settings.afterSec(), layout.video() != null);
        } catch (IllegalStateException e) {
            capture.counters().countLost();
            ledger.update(p.ref().lost(e.getMessage(), false, false, Double.NaN, Double.NaN));
            return;
        }
        CapturedMedia media = new CapturedMedia(layout.copy(), packets, start);
        capture.counters().countSnapshot(System.nanoTime() - t0);
        capture.submit(new CaptureJob(media, p.ref(), p.metadata(), ledger, capture));
    }

    private Map<String, String> objectMetadata(Defect d, long startMillis) {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put("vigil-type", d.type().wireName());
        if (d.check() != null) {
            m.put("vigil-check", ascii(d.check()));
        }
        m.put("vigil-severity", d.severity().wireName());
        m.put("vigil-start", java.time.Instant.ofEpochMilli(startMillis).toString());
        m.put("vigil-start-sec", String.format(Locale.ROOT, "%.3f", d.startSec()));
        return m;
    }

    private static String ascii(String s) {
        String a = s.replaceAll("[^\\x20-\\x7e]", "?");
        return a.length() > 128 ? a.substring(0, 128) : a;
    }

    @Override
    public String toString() {
        return "EvidenceRecorder{" + session + "}";
    }
}
