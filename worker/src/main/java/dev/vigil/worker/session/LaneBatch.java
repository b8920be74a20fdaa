package dev.vigil.worker.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands the decode thread's work to the session's {@link SerialLane} a few frames at a time instead of one
 * item at a time: each hand-over wakes a pool thread, and at ~70 decoded items per second per stream
 * (video frames plus audio buffers) those wake-ups cost more CPU than the detectors themselves. A batch
 * holds at most {@link #VIDEO_FRAMES} video frames (160 ms at 25 fps) or {@link #ITEMS} items.
 */
final class LaneBatch {

    static final int VIDEO_FRAMES = 4;
    static final int ITEMS = 16;

    private final SerialLane lane;
    private final ReentrantLock lock = new ReentrantLock();
    private List<Runnable> pending = new ArrayList<>();
    private int videoFrames;

    LaneBatch(SerialLane lane) {
        this.lane = lane;
    }

    /** Decode thread: queue one task; blocks while the lane is full. */
    void add(Runnable task, boolean isVideoFrame) throws InterruptedException {
        List<Runnable> full = null;
        lock.lock();
        try {
            pending.add(task);
            if (isVideoFrame) {
                videoFrames++;
            }
            if (videoFrames >= VIDEO_FRAMES || pending.size() >= ITEMS) {
                full = take();
            }
        } finally {
            lock.unlock();
        }
        if (full != null) {
            List<Runnable> tasks = full;
            lane.submit(() -> tasks.forEach(Runnable::run));
        }
    }

    /** Decode thread: hand over what is pending (before control events, so that order is kept). */
    void flush() throws InterruptedException {
        List<Runnable> tasks;
        lock.lock();
        try {
            tasks = take();
        } finally {
            lock.unlock();
        }
        if (!tasks.isEmpty()) {
            lane.submit(() -> tasks.forEach(Runnable::run));
        }
    }

    /**
     * Timer thread: hand over what is pending without ever blocking, so that media decoded just before a
     * source went quiet reaches the detectors before the clock says it is late. Skipped while the decode
     * thread holds the batch (it is busy delivering, so nothing is late).
     */
    void flushFromTimer() {
        if (!lock.tryLock()) {
            return;
        }
        List<Runnable> tasks;
        try {
            tasks = take();
        } finally {
            lock.unlock();
        }
        if (!tasks.isEmpty()) {
            lane.submitNow(() -> tasks.forEach(Runnable::run));
        }
    }

    private List<Runnable> take() {
        List<Runnable> tasks = pending;
        pending = new ArrayList<>();
        videoFrames = 0;
        return tasks;
    }
}
