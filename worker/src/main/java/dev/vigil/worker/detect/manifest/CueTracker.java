package dev.vigil.worker.detect.manifest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ad markers of one playlist (the decoded rendition's): EXT-X-CUE-OUT, EXT-X-CUE-IN and EXT-X-DATERANGE are reported
 * once each as stream events, not defects. A CUE-OUT whose duration has run out, plus a grace, without a CUE-IN is
 * the defect {@code cue_out_open}: viewers stay in the break (or in slate) after the programme came back.
 */
final class CueTracker {

    record Note(String kind, String message, Map<String, Object> detail) {}

    private static final int REMEMBERED_RANGES = 64;

    private long seenUpTo = Long.MIN_VALUE;
    private double breakEndsAt = Double.NaN;
    private long breakSequence;
    private double breakDurationSec;
    private final Set<String> ranges = new LinkedHashSet<>();

    /** The cue tags of segments not seen before, in order; {@code now} is when the newest segment's end was read. */
    List<Note> read(double now, HlsPlaylist p) {
        List<Note> notes = new ArrayList<>();
        double after = 0; // media after the end of each segment, up to the live edge
        double[] endsAgo = new double[p.segments().size()];
        for (int i = p.segments().size() - 1; i >= 0; i--) {
            endsAgo[i] = after;
            after += p.segments().get(i).durationSec();
        }
        for (int i = 0; i < p.segments().size(); i++) {
            HlsPlaylist.Segment s = p.segments().get(i);
            if (s.sequence() <= seenUpTo) {
                continue;
            }
            double startedAt = now - endsAgo[i] - s.durationSec();
            if (!Double.isNaN(s.cueOutSec())) {
                breakEndsAt = startedAt + s.cueOutSec();
                breakSequence = s.sequence();
                breakDurationSec = s.cueOutSec();
                notes.add(new Note(
                        "cueOut",
                        String.format(
                                Locale.ROOT, "ad break (CUE-OUT) of %.1f s at segment %d", s.cueOutSec(), s.sequence()),
                        Map.of("sequence", s.sequence(), "durationSec", s.cueOutSec())));
            }
            if (s.cueIn()) {
                breakEndsAt = Double.NaN;
                notes.add(new Note(
                        "cueIn",
                        "end of ad break (CUE-IN) at segment " + s.sequence(),
                        Map.of("sequence", s.sequence())));
            }
            HlsPlaylist.DateRange r = s.dateRange();
            if (r != null && ranges.add(r.id())) {
                if (ranges.size() > REMEMBERED_RANGES) {
                    ranges.remove(ranges.iterator().next());
                }
                notes.add(new Note(
                        "dateRange",
                        "EXT-X-DATERANGE " + r.id()
                                + (r.scte35Out() ? " (SCTE-35 out)" : r.scte35In() ? " (SCTE-35 in)" : ""),
                        HlsRenditionChecks.detail(
                                "id",
                                r.id(),
                                "class",
                                String.valueOf(r.className()),
                                "plannedDurationSec",
                                Double.isNaN(r.plannedDurationSec()) ? "" : r.plannedDurationSec(),
                                "scte35",
                                r.scte35Out() ? "out" : r.scte35In() ? "in" : "")));
            }
        }
        seenUpTo = Math.max(seenUpTo, p.newestSequence());
        return notes;
    }

    /** {@code cue_out_open} while a break has outlasted its duration plus the grace. */
    Optional<Finding> overdue(double now, double graceSec, String scope) {
        if (Double.isNaN(breakEndsAt) || now <= breakEndsAt + graceSec) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                Check.CUE_OUT_OPEN,
                scope,
                HlsRenditionChecks.detail(
                        "sequence",
                        breakSequence,
                        "durationSec",
                        breakDurationSec,
                        "overdueSec",
                        HlsRenditionChecks.round1(now - breakEndsAt))));
    }
}
