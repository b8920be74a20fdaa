package dev.vigil.worker.session;

import java.util.Arrays;
import java.util.Map;

/**
 * A change in the stream worth telling users about that is not a defect.
 *
 * @param detail small, JSON-friendly facts about the change (e.g. {@code from}, {@code to})
 */
public record StreamEvent(double atSec, Kind kind, String message, Map<String, Object> detail) {

    /** What happened; the wire name is what reports, status and notifications show. */
    public enum Kind {
        /** The connection dropped or could not be made. */
        STREAM_DOWN("streamDown"),
        RESOLUTION_CHANGED("resolutionChanged"),
        CODEC_CHANGED("codecChanged"),
        FRAME_RATE_CHANGED("frameRateChanged"),
        /** A detector could not start or stopped with an error; the stream's other detectors go on. */
        DETECTOR_FAILED("detectorFailed"),
        /** A detector that has nothing to look at in this stream (e.g. transport checks on a non-TS input). */
        DETECTOR_IDLE("detectorIdle"),
        /** HLS ad break starts (EXT-X-CUE-OUT), with its announced duration. */
        CUE_OUT("cueOut"),
        /** HLS ad break ends (EXT-X-CUE-IN). */
        CUE_IN("cueIn"),
        /** HLS EXT-X-DATERANGE (SCTE-35 markers and other timed metadata). */
        DATE_RANGE("dateRange"),
        /** A DASH EventStream event (SCTE-35 and others). */
        DASH_EVENT("dashEvent"),
        /** The audio timestamps jumped against the video's: the A/V offset moved by {@code detail.jumpMs}. */
        AV_SYNC_STEP("avSyncStep");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Kind parse(String wireName) {
            return Arrays.stream(values())
                    .filter(k -> k.wireName.equals(wireName))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown stream event '" + wireName + "'"));
        }

        @Override
        public String toString() {
            return wireName;
        }
    }

    public StreamEvent {
        detail = Map.copyOf(detail);
    }

    public StreamEvent(double atSec, String kind, String message, Map<String, Object> detail) {
        this(atSec, Kind.parse(kind), message, detail);
    }
}
