package dev.vigil.worker.detect.sync;

import dev.vigil.worker.source.MediaKind;
import dev.vigil.worker.source.Packet;
import dev.vigil.worker.source.StreamFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * The timestamp path, on the decode thread: a few comparisons per demuxed packet, no decoding. It reads how the
 * audio's timestamps move against the audio's own sample clock (each packet should start where the previous one
 * ended), with the video's timestamps as the reference:
 * <ul>
 *   <li><b>start offset</b> (files only): the first audio timestamp minus the first video one, i.e. a track shifted
 *       by the muxer or packager ({@code -itsoffset}). Assumes both tracks of a file start together; live streams
 *       are joined mid-way, so there the timestamp path measures changes since Vigil joined.</li>
 *   <li><b>drift</b>: deviations of up to {@value #JITTER_MS} ms per packet add up (an audio clock at another
 *       rate than the video's); the lane fits their slope.</li>
 *   <li><b>steps</b>: a larger jump of the audio timestamps that is not lost audio (a whole number of packet
 *       durations ahead), not a reset of the whole timeline (over {@code maxStepMs}, or the video jumping by about
 *       the same within {@value #MATCH_PACKETS} packets) moves the relation by that much.</li>
 * </ul>
 * Findings are handed to the detector's lane about once a second ({@link TimestampReading}).
 */
final class TimestampSync {

    static final double JITTER_MS = 2.0;
    /** Audio and video jumps this many packets apart are one jump of the whole timeline. */
    static final int MATCH_PACKETS = 120;

    private static final int FIRST_VIDEO_PACKETS = 16;

    private final double maxStepUs;

    // per connection
    private boolean file;
    private boolean hasAudio;
    private long firstAudioUs = Packet.NO_TIME;
    private long firstVideoUs = Packet.NO_TIME;
    private int videoPacketsSeen;
    private long nextAudioTicks = Packet.NO_TIME;
    private double audioUsPerTick;
    private long lastVideoDtsUs = Packet.NO_TIME;
    private long lastVideoDurationUs;
    private long videoFrameUs;
    private long packets;
    private long videoJumpUs;
    private long videoJumpAt = Long.MIN_VALUE;
    private long pendingJumpUs;
    private long pendingAt = Long.MIN_VALUE;
    private double pendingSec;

    // accumulated over the session
    private double startOffsetMs = Double.NaN;
    private double driftUs;
    private double stepsUs;
    private boolean audioClock;
    private final List<TimestampReading.Step> steps = new ArrayList<>();
    private double lastSessionSec;

    TimestampSync(double maxStepMs) {
        this.maxStepUs = maxStepMs * 1000;
    }

    void onConnected(StreamFacts facts) {
        file = facts.durationSec() > 0;
        hasAudio = facts.hasAudio();
        firstAudioUs = Packet.NO_TIME;
        firstVideoUs = Packet.NO_TIME;
        videoPacketsSeen = 0;
        nextAudioTicks = Packet.NO_TIME;
        lastVideoDtsUs = Packet.NO_TIME;
        videoJumpAt = Long.MIN_VALUE;
        pendingAt = Long.MIN_VALUE;
    }

    void onPacket(Packet packet, double sessionSec) {
        packets++;
        if (!Double.isNaN(sessionSec)) {
            lastSessionSec = sessionSec;
        }
        if (packet.kind() == MediaKind.VIDEO) {
            onVideo(packet);
        } else if (packet.kind() == MediaKind.AUDIO) {
            onAudio(packet);
        }
        if (pendingAt != Long.MIN_VALUE && packets - pendingAt > MATCH_PACKETS) {
            step(pendingJumpUs, pendingSec); // the video did not jump with it: the relation moved
            pendingAt = Long.MIN_VALUE;
        }
    }

    private void onVideo(Packet p) {
        long pts = p.ptsMicros();
        if (pts != Packet.NO_TIME && videoPacketsSeen < FIRST_VIDEO_PACKETS) {
            videoPacketsSeen++;
            firstVideoUs = firstVideoUs == Packet.NO_TIME ? pts : Math.min(firstVideoUs, pts);
            startOffset();
        }
        long dts = p.dtsMicros() != Packet.NO_TIME ? p.dtsMicros() : pts;
        if (dts == Packet.NO_TIME) {
            lastVideoDtsUs = Packet.NO_TIME;
            return;
        }
        if (lastVideoDtsUs != Packet.NO_TIME) {
            long delta = dts - lastVideoDtsUs;
            if (lastVideoDurationUs <= 0 && delta > 0) {
                videoFrameUs = videoFrameUs == 0 ? delta : Math.min(videoFrameUs, delta);
            }
            long expected = lastVideoDurationUs > 0 ? lastVideoDurationUs : videoFrameUs;
            long jump = delta - expected;
            if (expected > 0 && Math.abs(jump) > expected / 2 && !lost(jump, expected)) {
                videoJumpUs = jump;
                videoJumpAt = packets;
                if (pendingAt != Long.MIN_VALUE && sameJump(pendingJumpUs, jump)) {
                    pendingAt = Long.MIN_VALUE; // both streams jumped: a new timeline, not a new relation
                }
            }
        }
        lastVideoDtsUs = dts;
        lastVideoDurationUs = p.durationMicros();
        if (lastVideoDurationUs > 0) {
            videoFrameUs = lastVideoDurationUs;
        }
    }

    private void onAudio(Packet p) {
        long ptsUs = p.ptsMicros();
        if (ptsUs == Packet.NO_TIME) {
            nextAudioTicks = Packet.NO_TIME;
            return;
        }
        if (firstAudioUs == Packet.NO_TIME) {
            firstAudioUs = ptsUs;
            startOffset();
        }
        // in the stream's own time base: microseconds would round every packet the same way and look like drift
        long pts = p.av().pts();
        long duration = p.av().duration();
        double usPerTick = 1e6 * p.timeBase().num() / p.timeBase().den();
        if (nextAudioTicks != Packet.NO_TIME && duration > 0 && usPerTick == audioUsPerTick) {
            double deviation = (pts - nextAudioTicks) * usPerTick;
            if (Math.abs(deviation) <= JITTER_MS * 1000) {
                driftUs += deviation;
                audioClock = true;
            } else if (!lost(Math.round(deviation), Math.round(duration * usPerTick))
                    && Math.abs(deviation) <= maxStepUs) {
                long jump = Math.round(deviation);
                if (videoJumpAt != Long.MIN_VALUE
                        && packets - videoJumpAt <= MATCH_PACKETS
                        && sameJump(jump, videoJumpUs)) {
                    videoJumpAt = Long.MIN_VALUE; // the video already jumped alike
                } else {
                    if (pendingAt != Long.MIN_VALUE) {
                        step(pendingJumpUs, pendingSec);
                    }
                    pendingJumpUs = jump;
                    pendingAt = packets;
                    pendingSec = lastSessionSec;
                }
            }
        }
        nextAudioTicks = duration > 0 ? pts + duration : Packet.NO_TIME;
        audioUsPerTick = usPerTick;
    }

    /** Refined while the first video packets come in: with B-frames the earliest picture need not come first. */
    private void startOffset() {
        if (file && firstAudioUs != Packet.NO_TIME && firstVideoUs != Packet.NO_TIME) {
            startOffsetMs = (firstAudioUs - firstVideoUs) / 1000.0;
        }
    }

    private void step(long jumpUs, double atSec) {
        stepsUs += jumpUs;
        steps.add(new TimestampReading.Step(atSec, jumpUs / 1000.0));
    }

    /** A whole number (at least one) of packet durations ahead: packets lost, the relation kept. */
    private static boolean lost(long jumpUs, long durationUs) {
        if (jumpUs <= 0 || durationUs <= 0) {
            return false;
        }
        long k = Math.round(jumpUs / (double) durationUs);
        return k >= 1 && Math.abs(jumpUs - k * durationUs) <= JITTER_MS * 1000;
    }

    private boolean sameJump(long a, long b) {
        return Math.abs(a - b) <= Math.max(2 * videoFrameUs, 50_000);
    }

    boolean hasNewSteps() {
        return !steps.isEmpty();
    }

    /** What has changed since the last reading; the steps list is handed over and cleared. */
    TimestampReading reading(double sessionSec) {
        List<TimestampReading.Step> newSteps = steps.isEmpty() ? List.of() : List.copyOf(steps);
        steps.clear();
        boolean known = hasAudio && firstAudioUs != Packet.NO_TIME && (!file || !Double.isNaN(startOffsetMs));
        return new TimestampReading(
                sessionSec,
                known,
                file ? startOffsetMs : Double.NaN,
                stepsUs / 1000.0,
                audioClock ? driftUs / 1000.0 : Double.NaN,
                newSteps);
    }
}
