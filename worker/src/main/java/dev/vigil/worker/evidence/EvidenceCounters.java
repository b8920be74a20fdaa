package dev.vigil.worker.evidence;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What evidence capture did in this process, for metrics and reports: captures by outcome, bytes stored, and
 * whether the store's last answer was a failure.
 */
public final class EvidenceCounters {

    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong snapshotNanos = new AtomicLong();
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong thumbnailCpuNanos = new AtomicLong();
    private final AtomicLong thumbnails = new AtomicLong();
    private final AtomicLong clipCpuNanos = new AtomicLong();
    private final AtomicLong clips = new AtomicLong();
    private volatile boolean storeFailing;
    private volatile String lastFailure;

    /** Captures whose every object was stored. */
    public long stored() {
        return stored.get();
    }

    /** Captures made but not (wholly) stored: the store failed or the media could not be encoded. */
    public long lost() {
        return lost.get();
    }

    /** Captures dropped because the capture threads were behind (queue full). */
    public long dropped() {
        return dropped.get();
    }

    /** Defects left without evidence by the per-stream or per-process budget. */
    public long rateLimited() {
        return rateLimited.get();
    }

    public long bytesStored() {
        return bytes.get();
    }

    /** The store's last upload failed (and none has succeeded since). */
    public boolean storeFailing() {
        return storeFailing;
    }

    /** The reason of the last failure, or null. */
    public String lastFailure() {
        return lastFailure;
    }

    /** Time the streams' threads spent taking packets for captures (references, no copies), nanoseconds. */
    public long snapshotNanos() {
        return snapshotNanos.get();
    }

    public long snapshots() {
        return snapshots.get();
    }

    /** CPU the capture threads spent decoding and encoding thumbnails, nanoseconds. */
    public long thumbnailCpuNanos() {
        return thumbnailCpuNanos.get();
    }

    public long thumbnails() {
        return thumbnails.get();
    }

    /** CPU the capture threads spent writing clips (stream copy), nanoseconds. */
    public long clipCpuNanos() {
        return clipCpuNanos.get();
    }

    public long clips() {
        return clips.get();
    }

    void countSnapshot(long nanos) {
        snapshotNanos.addAndGet(nanos);
        snapshots.incrementAndGet();
    }

    void countThumbnail(long cpuNanos) {
        thumbnailCpuNanos.addAndGet(cpuNanos);
        thumbnails.incrementAndGet();
    }

    void countClip(long cpuNanos) {
        clipCpuNanos.addAndGet(cpuNanos);
        clips.incrementAndGet();
    }

    void countStored(long objectBytes) {
        stored.incrementAndGet();
        bytes.addAndGet(objectBytes);
    }

    void storeAnswered(boolean ok, String failure) {
        storeFailing = !ok;
        if (!ok) {
            lastFailure = failure;
        }
    }

    void countLost() {
        lost.incrementAndGet();
    }

    void countDropped() {
        dropped.incrementAndGet();
    }

    void countRateLimited() {
        rateLimited.incrementAndGet();
    }
}
