package dev.vigil.worker.detect.transport;

import java.util.Locale;

/**
 * The ETSI TR 101 290 indicators Vigil measures on MPEG-TS input (priority 1 and the measurable part of
 * priority 2), plus RTP packet loss, which an RTP source tells directly. The wire name is the indicator's
 * name in lower case, e.g. {@code continuity_count_error}: what {@code detail.check} of a {@code transport}
 * defect, status and metrics carry.
 */
public enum Tr101290 {
    TS_SYNC_LOSS(1),
    SYNC_BYTE_ERROR(1),
    PAT_ERROR(1),
    CONTINUITY_COUNT_ERROR(1),
    PMT_ERROR(1),
    PID_ERROR(1),
    TRANSPORT_ERROR(2),
    CRC_ERROR(2),
    PCR_REPETITION_ERROR(2),
    PCR_DISCONTINUITY_INDICATOR_ERROR(2),
    PTS_ERROR(2),
    /** Not in TR 101 290: RTP sequence numbers missing, counted before the TS is even parsed. */
    RTP_PACKET_LOSS(1);

    private final int priority;

    Tr101290(int priority) {
        this.priority = priority;
    }

    public int priority() {
        return priority;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
