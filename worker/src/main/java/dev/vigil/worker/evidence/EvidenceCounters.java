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
