package dev.vigil.worker.detect.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Renditions of one ladder must move together: their newest segments are compared by program date-time where
 * every playlist carries it, otherwise by media sequence number (renditions of one packager share it). Only
 * renditions read successfully count; one that fails is reported as unavailable, not as out of step.
 */
final class RenditionAlignment {

    private RenditionAlignment() {}

    static Optional<Finding> check(List<HlsRenditionChecks> renditions, double outOfStepTargetDurations) {
        List<HlsRenditionChecks> fresh = renditions.stream()
                .filter(r -> r.healthy() && r.live() && !r.last().segments().isEmpty())
                .toList();
        if (fresh.size() < 2) {
            return Optional.empty();
        }
        double td = fresh.stream()
                .mapToDouble(HlsRenditionChecks::targetDurationSec)
                .max()
                .orElse(0);
        boolean byTime = fresh.stream().allMatch(r -> edgeTime(r) != null);
        HlsRenditionChecks ahead = fresh.get(0);
        HlsRenditionChecks behind = fresh.get(0);
        for (HlsRenditionChecks r : fresh) {
            if (position(r, byTime) > position(ahead, byTime)) {
                ahead = r;
            }
            if (position(r, byTime) < position(behind, byTime)) {
                behind = r;
            }
        }
        double drift = byTime
                ? position(ahead, true) - position(behind, true)
                : (position(ahead, false) - position(behind, false)) * td;
        if (drift <= outOfStepTargetDurations * td) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                Check.RENDITIONS_OUT_OF_STEP,
                Finding.LADDER,
                HlsRenditionChecks.detail(
                        "driftSec",
                        HlsRenditionChecks.round1(drift),
                        "ahead",
                        ahead.scope(),
                        "behind",
                        behind.scope(),
                        "by",
                        byTime ? "programDateTime" : "mediaSequence")));
    }

    private static double position(HlsRenditionChecks r, boolean byTime) {
        if (byTime) {
            return edgeTime(r).toEpochMilli() / 1000.0;
        }
        return r.last().newestSequence();
    }

    private static Instant edgeTime(HlsRenditionChecks r) {
        List<HlsPlaylist.Segment> s = r.last().segments();
        HlsPlaylist.Segment newest = s.get(s.size() - 1);
        // the newest segment's own date-time, or the last one given plus the durations after it
        double after = 0;
        for (int i = s.size() - 1; i >= 0; i--) {
            if (s.get(i).programDateTime() != null) {
                return s.get(i)
                        .programDateTime()
                        .plusMillis(Math.round((after + s.get(i).durationSec()) * 1000));
            }
            after += s.get(i).durationSec();
        }
        return newest.programDateTime();
    }
}
