package dev.vigil.worker.evidence;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One capture, on a capture thread: the thumbnail and the clip made from the captured packets, then stored;
 * the ledger hears how it went. Whatever fails is one line in the evidence's reason, never an exception.
 */
final class CaptureJob implements Runnable {

    private static final System.Logger LOG = System.getLogger(CaptureJob.class.getName());
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private final CapturedMedia media;
    private final EvidenceRef planned;
    private final Map<String, String> metadata;
    private final EvidenceLedger ledger;
    private final EvidenceCapture capture;

    CaptureJob(
            CapturedMedia media,
            EvidenceRef planned,
            Map<String, String> metadata,
            EvidenceLedger ledger,
            EvidenceCapture capture) {
        this.media = media;
        this.planned = planned;
        this.metadata = metadata;
        this.ledger = ledger;
        this.capture = capture;
    }

    long bytes() {
        return media.bytes();
    }

    EvidenceRef planned() {
        return planned;
    }

    /** Not run after all (queue full, shutting down): frees the packets and records the loss. */
    void drop(String why) {
        media.close();
        ledger.update(planned.lost(why, false, false, Double.NaN, Double.NaN));
    }

    @Override
    public void run() {
        double clipStart = media.startSec();
        double clipEnd = media.endSec();
        byte[] jpeg = null;
        byte[] clip = null;
        String why = null;
        try (media) {
            if (planned.thumbnail() != null) {
                long cpu0 = CPU.getCurrentThreadCpuTime();
                try {
                    jpeg = ThumbnailEncoder.encode(media, capture.settings().thumbnailWidth());
                    capture.counters().countThumbnail(CPU.getCurrentThreadCpuTime() - cpu0);
                } catch (EvidenceException | RuntimeException e) {
                    why = "thumbnail not made: " + e.getMessage();
                }
            }
            if (planned.clip() != null) {
                long cpu0 = CPU.getCurrentThreadCpuTime();
                try {
                    clip = ClipMuxer.mux(media);
                    capture.counters().countClip(CPU.getCurrentThreadCpuTime() - cpu0);
                } catch (EvidenceException | RuntimeException e) {
                    why = "clip not made: " + e.getMessage();
                }
            }
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        if (!Double.isNaN(clipStart)) {
            meta.put("vigil-clip-start-sec", String.format(Locale.ROOT, "%.3f", clipStart));
            meta.put("vigil-clip-end-sec", String.format(Locale.ROOT, "%.3f", clipEnd));
        }
        String thumbnailFailure = jpeg == null ? null : store(planned.thumbnail(), jpeg, "image/jpeg", meta);
        String clipFailure =
                clip == null ? null : store(planned.clip(), clip, media.layout().container().contentType, meta);
        boolean thumbnailStored = jpeg != null && thumbnailFailure == null;
        boolean clipStored = clip != null && clipFailure == null;
        if (thumbnailFailure != null || clipFailure != null) {
            why = thumbnailFailure != null ? thumbnailFailure : clipFailure;
        }
        if (why == null) {
            capture.counters().countStored((jpeg == null ? 0 : jpeg.length) + (clip == null ? 0 : clip.length));
            ledger.update(planned.stored(clipStart, clipEnd));
        } else {
            capture.counters().countLost();
            LOG.log(System.Logger.Level.WARNING, "evidence " + planned.id() + " lost: " + why);
            ledger.update(planned.lost(why, thumbnailStored, clipStored, clipStart, clipEnd));
        }
    }

    /** @return null when stored, else why not */
    private String store(String key, byte[] data, String contentType, Map<String, String> meta) {
        try {
            capture.store().put(key, data, contentType, meta);
            capture.counters().storeAnswered(true, null);
            return null;
        } catch (EvidenceException | RuntimeException e) {
            String why = "not stored: " + e.getMessage();
            capture.counters().storeAnswered(false, why);
            return why;
        }
    }
}
