package dev.vigil.worker.session;

import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.media.AudioBlock;
import dev.vigil.worker.media.VideoFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The detector stage of a session: the stream's detectors behind one {@link SerialLane} on the worker's shared
 * pool, so they never run concurrently with each other and always see media in order. The decode thread hands
 * over work in batches ({@link LaneBatch}); control events (stream up/down, the end) first flush what is
 * pending so that order is kept. A detector that throws is taken out and reported; the others go on.
 */
final class DetectorLanes {

    private final List<Detector> detectors;
    private final SessionListener listener;
    private final SerialLane lane;
    private final LaneBatch batch;
    private final MediaTap tap;
    private volatile boolean closed;
    /** Lane: the newest media time delivered, for events the lane raises itself. */
    private double lastMediaSec;

    DetectorLanes(List<Detector> detectors, SessionListener listener, Executor workers, int capacity, MediaTap tap) {
        this.detectors = new ArrayList<>(detectors);
        this.tap = tap;
        this.listener = listener;
        this.lane = new SerialLane(workers, capacity);
        this.batch = new LaneBatch(lane);
    }

    /** Decode thread. */
    void video(VideoFeatures features) throws InterruptedException {
        batch.add(
                () -> {
                    lastMediaSec = features.ptsSec();
                    deliver(d -> d.onVideo(features));
                    if (!closed) {
                        tap.onVideo(features);
                    }
                },
                true);
    }

    /** Decode thread: a video picture arrived at {@code ptsSec} that the decode profile skipped. */
    void undecoded(double ptsSec) throws InterruptedException {
        batch.add(
                () -> {
                    lastMediaSec = ptsSec;
                    deliver(d -> d.onUndecodedVideo(ptsSec));
                },
                true); // counts as a picture in the batch: keyframes decoding must not wait for four decoded pictures
    }

    /** Decode thread. */
    void audio(AudioBlock block) throws InterruptedException {
        batch.add(
                () -> {
                    lastMediaSec = block.ptsSec();
                    deliver(d -> d.onAudio(block));
                    if (!closed) {
                        tap.onAudio(block);
                    }
                },
                false);
    }

    /** Decode thread: work a detector's probe collected, run for that detector only, in media order. */
    void forDetector(Detector detector, Runnable work) throws InterruptedException {
        batch.add(
                () -> {
                    if (detectors.contains(detector)) {
                        isolate(detector, work);
                    }
                },
                false);
    }

    /** Decode thread: something for the listener, after the media handed over before it. */
    void inOrder(Runnable task, boolean batched) throws InterruptedException {
        if (batched) {
            batch.add(task, false);
        } else {
            batch.flush();
            lane.submit(task);
        }
    }

    /** Any thread: a control task that must not wait behind media (it does not flush the batch). */
    void now(Runnable task) {
        lane.submitNow(task);
    }

    /** Timer thread: the live clock moved on while nothing arrived; pending media goes first. */
    void tick(double nowSec) {
        batch.flushFromTimer();
        lane.submitNow(() -> deliver(d -> d.onTick(nowSec)));
    }

    /** Any thread: the session ends; closes open defects at {@code endSec}, then runs {@code last}. */
    void finish(double endSec, Runnable last) {
        batch.flushFromTimer();
        lane.submitNow(() -> {
            deliver(d -> d.finish(endSec));
            closed = true;
            last.run();
        });
    }

    int backlog() {
        return lane.backlog();
    }

    private void deliver(Consumer<Detector> call) {
        if (closed) {
            return; // media decoded after the session finished (a stop racing a read) is not analysed
        }
        for (int i = 0; i < detectors.size(); i++) {
            Detector d = detectors.get(i);
            if (!isolate(d, () -> call.accept(d))) {
                i--;
            }
        }
    }

    /** Runs one detector's work; a detector that throws is removed and reported. @return false if removed */
    private boolean isolate(Detector d, Runnable work) {
        try {
            work.run();
            return true;
        } catch (RuntimeException e) {
            detectors.remove(d);
            listener.onStreamEvent(new StreamEvent(
                    lastMediaSec,
                    StreamEvent.Kind.DETECTOR_FAILED,
                    d.type() + " detector stopped: " + e,
                    Map.of("detector", d.type().wireName())));
            return false;
        }
    }
}
