package dev.vigil.worker.detect.manifest;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/** One read of an HLS media playlist, reduced to what the checks compare; URIs are absolute. */
record HlsPlaylist(
        int targetDuration,
        long mediaSequence,
        long discontinuitySequence,
        boolean endList,
        boolean vod,
        List<Segment> segments) {

    /**
     * @param cueOutSec EXT-X-CUE-OUT before this segment, with its duration (NaN: none)
     * @param dateRange EXT-X-DATERANGE before this segment (null: none)
     */
    record Segment(
            long sequence,
            URI uri,
            double durationSec,
            boolean discontinuity,
            Instant programDateTime,
            double cueOutSec,
            boolean cueIn,
            DateRange dateRange) {}

    record DateRange(String id, String className, double plannedDurationSec, boolean scte35Out, boolean scte35In) {}

    HlsPlaylist {
        segments = List.copyOf(segments);
    }

    /** Sequence number of the newest segment; mediaSequence - 1 for an empty playlist. */
    long newestSequence() {
        return mediaSequence + segments.size() - 1;
    }

    double windowSec() {
        double sum = 0;
        for (Segment s : segments) {
            sum += s.durationSec();
        }
        return sum;
    }

    Segment bySequence(long sequence) {
        long i = sequence - mediaSequence;
        return i < 0 || i >= segments.size() ? null : segments.get((int) i);
    }
}
