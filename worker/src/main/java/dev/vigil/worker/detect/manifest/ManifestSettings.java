package dev.vigil.worker.detect.manifest;

import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.DetectorSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The manifest detector's thresholds, read once from its {@link DetectorSettings}. Times that scale with the
 * stream are in target durations (HLS EXT-X-TARGETDURATION; DASH: the longest segment), so one setting suits
 * 1 s low-latency ladders and 10 s ones alike.
 *
 * @param staleTargetDurations     {@code stale} after this long without a new segment (HLS players buffer about 3)
 * @param pollTargetDurations      how often each playlist is read (RFC 8216 clients: once per target duration)
 * @param holdTargetDurations      an event check clears after this long without a recurrence
 * @param timeout                  longest wait for one HTTP request (playlist or segment probe)
 * @param failuresToRaise          consecutive failed reads of a playlist before {@code manifest_unavailable}
 * @param probeSegments            HEAD every new segment once ({@code segment_unavailable})
 * @param outOfStepTargetDurations renditions further apart than this are {@code renditions_out_of_step}
 * @param cueGraceTargetDurations  slack after a CUE-OUT's duration before it counts as left open
 * @param minBandwidth             check only renditions of at least this BANDWIDTH (0: no bound)
 * @param maxBandwidth             check only renditions of at most this BANDWIDTH (0: no bound)
 * @param decodeMaxBandwidth       decode the highest rendition not above this BANDWIDTH (0: the highest)
 * @param decodeMaxHeight          ... and not above this picture height (0: no bound)
 * @param clockSkewSec             DASH publishTime/availabilityStartTime may be this far ahead of our clock
 * @param clearSec                 extra hysteresis before any manifest defect clears (the detector's clearSec)
 */
public record ManifestSettings(
        double staleTargetDurations,
        double pollTargetDurations,
        double holdTargetDurations,
        Duration timeout,
        int failuresToRaise,
        boolean probeSegments,
        double outOfStepTargetDurations,
        double cueGraceTargetDurations,
        long minBandwidth,
        long maxBandwidth,
        long decodeMaxBandwidth,
        int decodeMaxHeight,
        double clockSkewSec,
        Severity severity,
        double clearSec) {

    public static final DetectorSettings DEFAULTS = new DetectorSettings(true, Severity.MAJOR, 0, 0, defaults());

    private static Map<String, Double> defaults() {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("staleTargetDurations", 3.0);
        t.put("pollTargetDurations", 1.0);
        t.put("holdTargetDurations", 2.0);
        t.put("timeoutSec", 5.0);
        t.put("failuresToRaise", 2.0);
        t.put("probeSegments", 1.0);
        t.put("outOfStepTargetDurations", 2.0);
        t.put("cueGraceTargetDurations", 1.0);
        t.put("minBandwidth", 0.0);
        t.put("maxBandwidth", 0.0);
        t.put("decodeMaxBandwidth", 0.0);
        t.put("decodeMaxHeight", 0.0);
        t.put("clockSkewSec", 5.0);
        return t;
    }

    /** @throws IllegalArgumentException for values that make no sense (named, with the reason) */
    public static ManifestSettings of(DetectorSettings s) {
        double poll = positive(s, "pollTargetDurations");
        return new ManifestSettings(
                positive(s, "staleTargetDurations"),
                poll,
                nonNegative(s, "holdTargetDurations"),
                Duration.ofMillis(Math.round(positive(s, "timeoutSec") * 1000)),
                (int) Math.max(1, Math.round(s.threshold("failuresToRaise"))),
                s.threshold("probeSegments") > 0,
                positive(s, "outOfStepTargetDurations"),
                nonNegative(s, "cueGraceTargetDurations"),
                (long) nonNegative(s, "minBandwidth"),
                (long) nonNegative(s, "maxBandwidth"),
                (long) nonNegative(s, "decodeMaxBandwidth"),
                (int) nonNegative(s, "decodeMaxHeight"),
                nonNegative(s, "clockSkewSec"),
                s.severity(),
                s.clearSec());
    }

    /** Whether a rendition of this bandwidth is one to check. */
    public boolean checks(long bandwidth) {
        return bandwidth >= minBandwidth && (maxBandwidth <= 0 || bandwidth <= maxBandwidth);
    }

    private static double positive(DetectorSettings s, String name) {
        double v = s.threshold(name);
        if (!(v > 0)) {
            throw new IllegalArgumentException("manifest threshold " + name + " must be > 0, got " + v);
        }
        return v;
    }

    private static double nonNegative(DetectorSettings s, String name) {
        double v = s.threshold(name);
        if (!(v >= 0)) {
            throw new IllegalArgumentException("manifest threshold " + name + " must be >= 0, got " + v);
        }
        return v;
    }
}
