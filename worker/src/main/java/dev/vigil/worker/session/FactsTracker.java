package dev.vigil.worker.session;

import dev.vigil.worker.source.StreamFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the session knows of the stream now, and the changes worth an event: a new resolution seen in the
 * pictures themselves, or a reconnect that finds another codec, resolution or frame rate.
 */
final class FactsTracker {

    private volatile StreamFacts current;
    private boolean sizeLearned;

    StreamFacts current() {
        return current;
    }

    /** A new connection: the changes since the previous one (none for the first). */
    List<StreamEvent> connected(StreamFacts opened, double atSec) {
        StreamFacts before = current;
        current = opened;
        return before == null ? List.of() : changes(before, opened, atSec);
    }

    /** A decoded picture of another size than the facts say: the change, or null when there is none. */
    StreamEvent pictureSize(int width, int height, double atSec) {
        StreamFacts before = current;
        if (before == null || !before.hasVideo() || (width == before.width() && height == before.height())) {
            return null;
        }
        current = before.withResolution(width, height);
        if (before.resolution() == null) {
            sizeLearned = true; // not a change: the size was not known yet
        }
        return resolution(before, current, atSec);
    }

    /** Whether the first picture told the size the probe could not find (once). */
    boolean takeSizeLearned() {
        boolean learned = sizeLearned;
        sizeLearned = false;
        return learned;
    }

    void bitrate(long bitsPerSecond) {
        StreamFacts f = current;
        if (f != null && bitsPerSecond > 0) {
            current = f.withBitrate(bitsPerSecond);
        }
    }

    /** Seconds one picture lasts by the declared frame rate (25 fps when unknown). */
    double frameSec() {
        StreamFacts f = current;
        return f != null && f.frameRate() > 0 ? 1 / f.frameRate() : 0.04;
    }

    private static List<StreamEvent> changes(StreamFacts before, StreamFacts after, double t) {
        List<StreamEvent> events = new ArrayList<>();
        StreamEvent res = resolution(before, after, t);
        if (res != null) {
            events.add(res);
        }
        codec(events, t, "video codec", before.videoCodec(), after.videoCodec());
        codec(events, t, "audio codec", before.audioCodec(), after.audioCodec());
        if (before.frameRate() > 0
                && after.frameRate() > 0
                && Math.abs(before.frameRate() - after.frameRate()) > 0.01) {
            events.add(new StreamEvent(
                    t,
                    StreamEvent.Kind.FRAME_RATE_CHANGED,
                    "frame rate changed from " + before.frameRate() + " to " + after.frameRate() + " fps",
                    Map.of("from", before.frameRate(), "to", after.frameRate())));
        }
        return events;
    }

    private static StreamEvent resolution(StreamFacts before, StreamFacts after, double t) {
        if (before.resolution() == null
                || after.resolution() == null
                || before.resolution().equals(after.resolution())) {
            return null;
        }
        return new StreamEvent(
                t,
                StreamEvent.Kind.RESOLUTION_CHANGED,
                "resolution changed from " + before.resolution() + " to " + after.resolution(),
                Map.of("from", before.resolution(), "to", after.resolution()));
    }

    private static void codec(List<StreamEvent> events, double t, String what, String before, String after) {
        if (before != null && after != null && !Objects.equals(before, after)) {
            events.add(new StreamEvent(
                    t,
                    StreamEvent.Kind.CODEC_CHANGED,
                    what + " changed from " + before + " to " + after,
                    Map.of("from", before, "to", after)));
        }
    }
}
