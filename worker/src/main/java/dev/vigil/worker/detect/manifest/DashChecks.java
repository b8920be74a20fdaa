package dev.vigil.worker.detect.manifest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of a DASH MPD, read after read. Pure: the detector's clock ({@code now}) and the wall clock are given.
 * <ul>
 *   <li>{@code publish_time}: publishTime or availabilityStartTime ahead of the wall clock by more than
 *       {@code clockSkewSec}, or publishTime older than one already read (an older copy of the MPD).</li>
 *   <li>{@code stale}: a dynamic MPD with a SegmentTimeline and a minimumUpdatePeriod that has gained no segment for
 *       {@code staleTargetDurations} × max(minimumUpdatePeriod, longest segment).</li>
 *   <li>{@code timeline_gap} / {@code timeline_overlap}: an S entry starting after, or before, the end of the one
 *       before it (tolerance 1 ms).</li>
 * </ul>
 */
final class DashChecks {

    static final String SCOPE = "mpd";

    private final ManifestSettings settings;
    private DashMpd last;
    private Instant latestPublish;
    private double lastChangeAt = Double.NaN;
    private final Map<String, Long> newestProbed = new HashMap<>();
    private int failures;
    private List<Finding> lastState = List.of();

    DashChecks(ManifestSettings settings) {
        this.settings = settings;
    }

    DashMpd last() {
        return last;
    }

    double ageSec(double now) {
        return now - lastChangeAt;
    }

    /** A new MPD; {@code wallNow} is the wall clock for the publish-time sanity checks. */
    List<Finding> read(double now, Instant wallNow, DashMpd mpd) {
        failures = 0;
        List<Finding> state = new ArrayList<>();
        if (last == null || advanced(mpd)) {
            lastChangeAt = now;
        }
        Instant limit = wallNow.plusMillis(Math.round(settings.clockSkewSec() * 1000));
        if (mpd.publishTime() != null && mpd.publishTime().isAfter(limit)) {
            state.add(finding(
                    Check.PUBLISH_TIME,
                    "problem",
                    "publishTime in the future",
                    "aheadSec",
                    secondsBetween(wallNow, mpd.publishTime())));
        } else if (mpd.publishTime() != null
                && latestPublish != null
                && mpd.publishTime().isBefore(latestPublish)) {
            state.add(finding(
                    Check.PUBLISH_TIME,
                    "problem",
                    "publishTime went back",
                    "behindSec",
                    secondsBetween(mpd.publishTime(), latestPublish)));
        } else if (mpd.dynamic()
                && mpd.availabilityStartTime() != null
                && mpd.availabilityStartTime().isAfter(limit)) {
            state.add(finding(
                    Check.PUBLISH_TIME,
                    "problem",
                    "availabilityStartTime in the future",
                    "aheadSec",
                    secondsBetween(wallNow, mpd.availabilityStartTime())));
        }
        if (mpd.publishTime() != null
                && !mpd.publishTime().isAfter(limit)
                && (latestPublish == null || mpd.publishTime().isAfter(latestPublish))) {
            latestPublish = mpd.publishTime();
        }
        for (DashMpd.Representation r : mpd.representations()) {
            List<DashMpd.Segment> s = r.segments();
            for (int i = 1; i < s.size(); i++) {
                long end = s.get(i - 1).time() + s.get(i - 1).duration();
                long tolerance = Math.max(1, r.timescale() / 1000);
                long delta = s.get(i).time() - end;
                if (delta > tolerance) {
                    state.add(new Finding(
                            Check.TIMELINE_GAP,
                            r.id(),
                            HlsRenditionChecks.detail(
                                    "number", s.get(i).number(), "gapSec", delta / (double) r.timescale())));
                    break;
                }
                if (delta < -tolerance) {
                    state.add(new Finding(
                            Check.TIMELINE_OVERLAP,
                            r.id(),
                            HlsRenditionChecks.detail(
                                    "number", s.get(i).number(), "overlapSec", -delta / (double) r.timescale())));
                    break;
                }
            }
        }
        last = mpd;
        lastState = List.copyOf(state);
        List<Finding> all = new ArrayList<>(state);
        stale(now).ifPresent(all::add);
        return all;
    }

    List<Finding> unchanged(double now) {
        failures = 0;
        List<Finding> all = new ArrayList<>(lastState);
        stale(now).ifPresent(all::add);
        return all;
    }

    List<Finding> failed(double now, String reason) {
        failures++;
        if (failures < settings.failuresToRaise()) {
            return lastState;
        }
        return List.of(finding(Check.MANIFEST_UNAVAILABLE, "error", reason, "failures", failures));
    }

    /** Segments of each representation to probe: the newest at the first read, then every new one. */
    List<Map.Entry<DashMpd.Representation, DashMpd.Segment>> newSegments(DashMpd mpd) {
        List<Map.Entry<DashMpd.Representation, DashMpd.Segment>> out = new ArrayList<>();
        for (DashMpd.Representation r : mpd.representations()) {
            DashMpd.Segment newest = r.newest();
            if (newest == null) {
                continue;
            }
            Long probed = newestProbed.get(r.id());
            for (DashMpd.Segment s : r.segments()) {
                if (probed == null ? s == newest : s.number() > probed) {
                    out.add(Map.entry(r, s));
                }
            }
            newestProbed.put(r.id(), Math.max(probed == null ? Long.MIN_VALUE : probed, newest.number()));
        }
        return out;
    }

    /** For the facts and the stale check: the longest segment, or 2 s before there is a timeline. */
    double targetDurationSec() {
        double max = last == null ? 0 : last.maxSegmentSec();
        return max > 0 ? max : 2;
    }

    private boolean advanced(DashMpd mpd) {
        return newestEnd(mpd) > newestEnd(last);
    }

    private static double newestEnd(DashMpd mpd) {
        double max = Double.NEGATIVE_INFINITY;
        for (DashMpd.Representation r : mpd.representations()) {
            DashMpd.Segment n = r.newest();
            if (n != null) {
                max = Math.max(max, (n.time() + n.duration()) / (double) r.timescale());
            }
        }
        return max;
    }

    private java.util.Optional<Finding> stale(double now) {
        if (last == null
                || !last.dynamic()
                || last.minimumUpdatePeriod() == null
                || last.representations().stream().allMatch(r -> r.segments().isEmpty())) {
            return java.util.Optional.empty();
        }
        double period = Math.max(last.minimumUpdatePeriod().toMillis() / 1000.0, last.maxSegmentSec());
        double age = now - lastChangeAt;
        if (age > settings.staleTargetDurations() * period) {
            return java.util.Optional.of(finding(
                    Check.STALE,
                    "ageSec",
                    HlsRenditionChecks.round1(age),
                    "minimumUpdatePeriodSec",
                    last.minimumUpdatePeriod().toMillis() / 1000.0));
        }
        return java.util.Optional.empty();
    }

    private static double secondsBetween(Instant a, Instant b) {
        return HlsRenditionChecks.round1((b.toEpochMilli() - a.toEpochMilli()) / 1000.0);
    }

    private static Finding finding(Check c, Object... kv) {
        return new Finding(c, SCOPE, HlsRenditionChecks.detail(kv));
    }
}
