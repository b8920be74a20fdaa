package dev.vigil.worker.detect.sync;

import dev.vigil.worker.media.AudioBlock;
import dev.vigil.worker.media.VideoFeatures;

/**
 * The content path: visual events and sound onsets of the last {@code windowSec} seconds, aligned on demand. A
 * visual event is paired only once the sound up to {@code maxOffset} after it has been heard, so the answer never
 * depends on which of the two streams the decoder happened to deliver first.
 */
final class ContentSync {

    /** Pairs may be this far from the offset: about half a frame, never under this. */
    static final double MIN_TOLERANCE_MS = 25;
    /** An alignment chance explains this rarely needs no second opinion. */
    static final double CERTAIN = 1e-6;

    private static final int CANDIDATES = 64;

    private final double windowSec;
    private final double maxOffsetSec;
    private final EventAligner aligner;
    private final VisualEvents visual = new VisualEvents();
    private final EventTimes videoEvents = new EventTimes();
    private final EventTimes soundOnsets = new EventTimes();
    private final AudioOnsets onsets = new AudioOnsets(soundOnsets::add);
    private double lastVideoSec = Double.NaN;
    private double lastAudioSec = Double.NaN;
    private double frameSec = 0.04;
    /** Offsets found by recent windows that chance could still explain, with the time of each one's last event. */
    private final double[] candidateMs = new double[CANDIDATES];

    private final double[] candidateLastSec = new double[CANDIDATES];
    private int candidates;

    ContentSync(double windowSec, double maxOffsetMs, int minPairs, double minConfidence) {
        this.windowSec = windowSec;
        this.maxOffsetSec = maxOffsetMs / 1000;
        this.aligner = new EventAligner(maxOffsetMs, minPairs, minConfidence);
    }

    void onVideo(VideoFeatures frame) {
        double step = frame.ptsSec() - lastVideoSec;
        if (step > 0.001 && step < 0.2) {
            frameSec += 0.1 * (step - frameSec);
        }
        lastVideoSec = frame.ptsSec();
        double t = visual.onFrame(frame);
        if (!Double.isNaN(t)) {
            videoEvents.add(t);
        }
    }

    void onAudio(AudioBlock block) {
        onsets.onBlock(block);
        lastAudioSec = block.ptsSec() + block.durationSec();
    }

    /** Media time both streams have reached; NaN until both have started. */
    double heardUpTo() {
        return Math.min(lastVideoSec, lastAudioSec);
    }

    /**
     * @param atEnd the media ended: pair every visual event with what sound there is
     * @return the estimate over the window ending at {@link #heardUpTo()}, or null before both streams started
     */
    ContentEstimate estimate(boolean atEnd) {
        double now = heardUpTo();
        if (Double.isNaN(now)) {
            return null;
        }
        double tolerance = Math.max(MIN_TOLERANCE_MS, 600 * frameSec);
        double newest = atEnd ? Double.POSITIVE_INFINITY : now - maxOffsetSec - tolerance / 1000;
        double oldest = newest == Double.POSITIVE_INFINITY ? now - windowSec : newest - windowSec;
        videoEvents.dropBefore(oldest);
        soundOnsets.dropBefore(oldest - maxOffsetSec - tolerance / 1000);
        int to = videoEvents.firstAtOrAfter(newest);
        return corroborated(aligner.align(videoEvents, 0, to, soundOnsets, tolerance), tolerance);
    }

    /**
     * An alignment that chance could explain once in a million windows or less stands on its own. A weaker one
     * (still under {@link EventAligner#MAX_CHANCE}) counts only once an earlier window that shares no visual event
     * with it found the same offset: chance does not line up twice at the same place.
     */
    private ContentEstimate corroborated(ContentEstimate e, double toleranceMs) {
        if (!e.isKnown() || e.chance() <= CERTAIN) {
            return e;
        }
        boolean agreed = false;
        for (int i = 0; i < candidates; i++) {
            if (candidateLastSec[i] < e.firstEventSec() && Math.abs(candidateMs[i] - e.offsetMs()) <= 2 * toleranceMs) {
                agreed = true;
                break;
            }
        }
        // remember it for the windows to come (the oldest one goes when full)
        int slot = candidates < CANDIDATES ? candidates++ : oldestCandidate();
        candidateMs[slot] = e.offsetMs();
        candidateLastSec[slot] = e.lastEventSec();
        return agreed
                ? e
                : e.unconfirmed(
                        "waiting for a second window of events to agree on " + Math.round(e.offsetMs()) + " ms");
    }

    private int oldestCandidate() {
        int oldest = 0;
        for (int i = 1; i < candidates; i++) {
            if (candidateLastSec[i] < candidateLastSec[oldest]) {
                oldest = i;
            }
        }
        return oldest;
    }
}
