package dev.vigil.worker.detect.sync;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.Observation;

/**
 * The stream's audio/video offset as the {@code av_sync} detector last measured it: a stream fact for status,
 * metrics and reports, whether or not it is within tolerance. Sent when it changes noticeably.
 *
 * @param offsetMs      audio minus video, ms: positive when the sound is later than the picture; NaN when unknown
 * @param confidence    0..1 (see {@link Method}); 0 when unknown
 * @param method        how the offset was obtained; null when unknown
 * @param driftMsPerMin how fast the offset moves, ms per minute; NaN when not known
 * @param reason        why the offset is unknown; null otherwise
 */
public record AvSyncMeasurement(
        double atSec,
        State state,
        double offsetMs,
        double confidence,
        Method method,
        double driftMsPerMin,
        String reason,
        SyncTolerance tolerance)
        implements Observation {

    public enum State {
        IN_TOLERANCE("inTolerance"),
        OUT_OF_TOLERANCE("outOfTolerance"),
        UNKNOWN("unknown");

        private final String wireName;

        State(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public enum Method {
        /** Sound onsets paired with visual events: what a viewer sees and hears. */
        CONTENT("content"),
        /** The audio and video timestamps alone: what the muxer, packager or clocks did, blind to the content. */
        TIMESTAMPS("timestamps");

        private final String wireName;

        Method(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    @Override
    public DetectorName detector() {
        return DetectorName.of(DefectType.AV_SYNC);
    }

    public boolean isKnown() {
        return state != State.UNKNOWN;
    }
}
