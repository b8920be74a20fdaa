package dev.vigil.worker.detect.manifest;

import dev.vigil.worker.source.Redaction;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of one HLS media playlist, read after read: each read is compared with the one before. Pure: time
 * ({@code now}, seconds on the detector's own monotonic clock) is given with every call.
 */
final class HlsRenditionChecks {

    /** What one read found: state findings that hold now, event findings seen in this read, segments to probe. */
    record Outcome(List<Finding> state, List<Finding> events, List<HlsPlaylist.Segment> newSegments) {}

    private final String scope;
    private final ManifestSettings settings;

    private HlsPlaylist last;
    private double lastAdvanceAt = Double.NaN;
    private long highWater = Long.MIN_VALUE;
    /** Regression or shrink: the playlist's newest segment is behind one it listed before, until it catches up. */
    private Check behind;

    private long behindUntil;
    private boolean live;
    private long probedUpTo = Long.MIN_VALUE;
    private int failures;
    private String failure;
    private List<Finding> lastState = List.of();

    HlsRenditionChecks(String scope, ManifestSettings settings) {
        this.scope = scope;
        this.settings = settings;
    }

    String scope() {
        return scope;
    }

    HlsPlaylist last() {
        return last;
    }

    /** Seconds since the playlist last gained a segment (NaN before the first read). */
    double ageSec(double now) {
        return now - lastAdvanceAt;
    }

    boolean healthy() {
        return failures == 0 && last != null;
    }

    boolean live() {
        return live;
    }

    /** A new playlist text was read (status 200). */
    Outcome read(double now, HlsPlaylist p) {
        List<Finding> events = new ArrayList<>();
        List<Finding> state = new ArrayList<>();
        failures = 0;
        failure = null;
        if (last == null) {
            live = !p.endList() && !p.vod();
            lastAdvanceAt = now;
        } else {
            compare(p, events);
            if (p.newestSequence() > last.newestSequence()) {
                lastAdvanceAt = now;
            }
            if (p.endList() && live) {
                state.add(finding(Check.ENDLIST_ON_LIVE, detail("mediaSequence", p.newestSequence())));
            }
        }
        if (behind != null) {
            if (p.newestSequence() < behindUntil) {
                state.add(finding(behind, detail("newestSequence", p.newestSequence(), "newestBefore", behindUntil)));
            } else {
                behind = null;
            }
        }
        for (HlsPlaylist.Segment s : p.segments()) {
            if (Math.round(s.durationSec()) > p.targetDuration()) {
                state.add(finding(
                        Check.TARGET_DURATION_EXCEEDED,
                        detail(
                                "sequence",
                                s.sequence(),
                                "durationSec",
                                s.durationSec(),
                                "targetDurationSec",
                                p.targetDuration())));
                break;
            }
        }
        List<HlsPlaylist.Segment> fresh = new ArrayList<>();
        if (settings.probeSegments() && live && !p.segments().isEmpty()) {
            long from = probedUpTo == Long.MIN_VALUE ? p.newestSequence() : probedUpTo + 1;
            for (HlsPlaylist.Segment s : p.segments()) {
                if (s.sequence() >= from) {
                    fresh.add(s);
                }
            }
            probedUpTo = Math.max(probedUpTo, p.newestSequence());
        }
        highWater = Math.max(highWater, p.newestSequence());
        last = p;
        lastState = List.copyOf(state);
        List<Finding> all = new ArrayList<>(state);
        stale(now).ifPresent(all::add);
        return new Outcome(all, events, fresh);
    }

    /** The playlist was read and had not changed (a 304, or the same text). */
    List<Finding> unchanged(double now) {
        failures = 0;
        failure = null;
        List<Finding> all = new ArrayList<>(lastState);
        stale(now).ifPresent(all::add);
        return all;
    }

    /** The read failed (HTTP error, timeout, unreadable playlist). */
    List<Finding> failed(double now, String reason) {
        failures++;
        failure = reason;
        if (failures < settings.failuresToRaise()) {
            return lastState; // not yet unavailable; and whether it is stale cannot be told while reads fail
        }
        return List.of(finding(Check.MANIFEST_UNAVAILABLE, detail("error", failure, "failures", failures)));
    }

    /** A probe of a listed segment answered with an error. */
    Finding segmentFailed(HlsPlaylist.Segment s, String error) {
        return finding(
                Check.SEGMENT_UNAVAILABLE,
                detail("sequence", s.sequence(), "segment", ManifestHttp.describe(s.uri()), "error", error));
    }

    double targetDurationSec() {
        return last == null ? 0 : last.targetDuration();
    }

    private java.util.Optional<Finding> stale(double now) {
        if (last == null || !live || last.endList()) {
            return java.util.Optional.empty();
        }
        double age = now - lastAdvanceAt;
        if (age > settings.staleTargetDurations() * last.targetDuration()) {
            return java.util.Optional.of(finding(
                    Check.STALE,
                    detail(
                            "ageSec",
                            round1(age),
                            "targetDurationSec",
                            last.targetDuration(),
                            "mediaSequence",
                            last.newestSequence())));
        }
        return java.util.Optional.empty();
    }

    private void compare(HlsPlaylist p, List<Finding> events) {
        if (p.newestSequence() < last.newestSequence()) {
            behind = p.mediaSequence() < last.mediaSequence() ? Check.MEDIA_SEQUENCE_REGRESSION : Check.PLAYLIST_SHRINK;
            behindUntil = Math.max(behindUntil, highWater);
            if (behind == Check.MEDIA_SEQUENCE_REGRESSION) {
                return; // a renumbered or older copy: the other comparisons would only repeat it
            }
        } else if (p.mediaSequence() < last.mediaSequence()) {
            events.add(finding(
                    Check.MEDIA_SEQUENCE_REGRESSION,
                    detail("mediaSequence", p.mediaSequence(), "before", last.mediaSequence())));
            return;
        }
        long moved = p.mediaSequence() - last.mediaSequence();
        if (moved == 0) {
            int n = Math.min(p.segments().size(), last.segments().size());
            for (int i = 0; i < n; i++) {
                URI was = last.segments().get(i).uri();
                URI now = p.segments().get(i).uri();
                if (!was.equals(now)) {
                    events.add(finding(
                            Check.PLAYLIST_CONTENT_CHANGED,
                            detail("sequence", p.mediaSequence() + i, "was", shown(was), "now", shown(now))));
                    break;
                }
            }
        } else if (moved < last.segments().size() && !p.segments().isEmpty()) {
            URI expected = last.segments().get((int) moved).uri();
            URI first = p.segments().get(0).uri();
            if (!expected.equals(first)) {
                events.add(finding(
                        Check.SEGMENT_CONTINUITY,
                        detail("sequence", p.mediaSequence(), "expected", shown(expected), "found", shown(first))));
            }
        }
        if (moved >= 0 && moved <= last.segments().size()) {
            long left = 0;
            for (int i = 0; i < moved; i++) {
                if (last.segments().get(i).discontinuity()) {
                    left++;
                }
            }
            long expected = last.discontinuitySequence() + left;
            if (p.discontinuitySequence() != expected) {
                events.add(finding(
                        Check.DISCONTINUITY_SEQUENCE,
                        detail(
                                "announced",
                                p.discontinuitySequence(),
                                "expected",
                                expected,
                                "discontinuitiesLeft",
                                left)));
            }
        }
    }

    private Finding finding(Check check, Map<String, Object> detail) {
        return new Finding(check, scope, detail);
    }

    /** A URI as shown in a defect: whole (hosts and paths matter), credentials and secret parameters removed. */
    static String shown(URI uri) {
        String s = Redaction.redact(ManifestHttp.withoutUserInfo(uri).toString());
        return s.length() > 120 ? "..." + s.substring(s.length() - 117) : s;
    }

    static Map<String, Object> detail(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
