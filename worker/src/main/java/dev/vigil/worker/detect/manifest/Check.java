package dev.vigil.worker.detect.manifest;

import java.util.Locale;

/**
 * What the manifest detector checks: the {@code detail.check} of a {@code manifest} defect.
 * <p>A <em>state</em> check holds while the playlist or MPD shows it (a stale playlist, an unreachable one);
 * an <em>event</em> check is an inconsistency between two successive reads (the media sequence went back, URIs
 * changed under the same sequence number): its defect opens when seen and clears once no recurrence has been
 * seen for {@code holdTargetDurations} target durations.
 */
public enum Check {
    STALE(false),
    MEDIA_SEQUENCE_REGRESSION(false),
    PLAYLIST_SHRINK(false),
    PLAYLIST_CONTENT_CHANGED(true),
    SEGMENT_CONTINUITY(true),
    DISCONTINUITY_SEQUENCE(true),
    TARGET_DURATION_EXCEEDED(false),
    SEGMENT_UNAVAILABLE(true),
    MANIFEST_UNAVAILABLE(false),
    ENDLIST_ON_LIVE(false),
    RENDITIONS_OUT_OF_STEP(false),
    CUE_OUT_OPEN(false),
    PUBLISH_TIME(false),
    TIMELINE_GAP(false),
    TIMELINE_OVERLAP(false);

    private final boolean event;

    Check(boolean event) {
        this.event = event;
    }

    public boolean isEvent() {
        return event;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
