package dev.vigil.worker.detect.transport;

import dev.vigil.worker.source.ByteTap;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An ETSI TR 101 290 analyzer for MPEG-TS, fed every byte of the input once, in chunks of any size (it sits on
 * the decode thread as a {@link ByteTap}). It counts each {@link Tr101290} indicator as the standard defines it:
 * <ul>
 *   <li>sync: a packet starts with 0x47; two wrong sync bytes in a row lose sync, five good ones regain it;</li>
 *   <li>continuity counters per PID (packets with payload increment by one; one duplicate is allowed; the
 *       adaptation field's discontinuity_indicator resets), TEI bits, PSI section CRCs;</li>
 *   <li>timing, on the stream's own clock (its PCRs): PAT and each PMT at least every 0.5 s, PTS on each audio and
 *       video PID at least every 700 ms, each audio/video PID of the PMTs present at least every
 *       {@code pidTimeoutSec}, PCRs no more than 100 ms apart.</li>
 * </ul>
 * The clock is the PCR of the first program, because a recorded or relayed stream has no trustworthy arrival
 * time (a byte-position clock swings with the bit rate of VBR streams). Between two PCRs a jump forward is
 * therefore a PCR_repetition_error up to 1 s, and a PCR_discontinuity_indicator_error beyond 1 s or backwards,
 * unless the adaptation field announces the discontinuity: the standard's 100 ms bound for discontinuities
 * needs arrival times. Until a PCR is seen (or for streams without one) the session's media time is the clock.
 * Not measured: PCR accuracy (±500 ns needs a hardware receive clock) and the priority-3 SI checks.
 * Not thread-safe: one analyzer per stream, on its decode thread.
 */
public final class TsAnalyzer implements ByteTap {

    static final int PACKET = 188;
    private static final int SYNC = 0x47;
    private static final int NULL_PID = 0x1FFF;
    private static final double PSI_INTERVAL_SEC = 0.5;
    private static final long CHECKPOINT_BYTES = 16 * 1024;
    private static final int MAX_CHECKPOINTS = 512;
    /** HLS: fewer packets than this between two discontinuities is a probe, not a segment. */
    private static final int MIN_SEGMENT_PACKETS = 64;

    private static final double PCR_INTERVAL_SEC = 0.1;
    /** A PCR step beyond this (or backwards) is a discontinuity, not sparse PCRs. */
    private static final double PCR_JUMP_SEC = 1.0;

    private static final double PTS_INTERVAL_SEC = 0.7;
    private static final long PCR_HZ = 27_000_000L;
    private static final long PCR_WRAP = (1L << 33) * 300;
    /** Bytes without finding a transport stream before the input is judged not to be one. */
    private static final int GIVE_UP_BYTES = 64 * 1024;

    private final double pidTimeoutSec;
    private final long[] counts = new long[Tr101290.values().length];
    /** Input offset of the next byte, and counters as they stood at recent offsets (see {@link #onSeek}). */
    private long offset;

    private long nextCheckpoint = CHECKPOINT_BYTES;
    private final java.util.ArrayDeque<Checkpoint> checkpoints = new java.util.ArrayDeque<>();

    // sync
    /** Bytes kept for the next chunk: a partial packet, or up to five packets of a sync still to confirm. */
    private final byte[] carry = new byte[5 * PACKET];

    private int carried;
    private byte[] chunk = new byte[0];
    private boolean inSync;
    private int goodSync;
    private int badSync;
    private long bytesWithoutSync;
    private boolean notTransportStream;
    private boolean everSynced;

    // per PID
    private final byte[] lastCc = new byte[8192];
    private final boolean[] duplicate = new boolean[8192];
    private final Map<Integer, SectionAssembler> sections = new HashMap<>();
    /** What each PID carries, as far as the PAT and PMTs tell: {@link #PSI}, {@link #PMT}, {@link #MEDIA} or 0. */
    private final byte[] role = new byte[8192];
    /** PMT PIDs: when its PMT last came; audio/video PIDs: when a packet last came. */
    private final double[] seen = new double[8192];
    /** Audio/video PIDs: when a PES header with a PTS last came; NaN before the first. */
    private final double[] ptsSeen = new double[8192];
    /**
     * What each PID delivered since the clock last moved ({@link #SEEN_PACKET}, {@link #SEEN_PTS},
     * {@link #SEEN_TABLE}): stamped with the new time when it moves, so a clock that moves in steps (PCRs)
     * never makes something that came in between look late.
     */
    private final byte[] fresh = new byte[8192];

    private boolean patFresh;
    private static final byte SEEN_PACKET = 1;
    private static final byte SEEN_PTS = 2;
    private static final byte SEEN_TABLE = 4;
    /** The PMT and audio/video PIDs, whose timing is checked. */
    private int[] watched = new int[16];

    private int watchedCount;
    private static final byte PSI = 1;
    private static final byte PMT = 2;
    private static final byte MEDIA = 3;

    // time
    private long packets;
    private long payloadPackets;
    private long patSections;
    private long pmtSections;
    private boolean segmented;
    private long segmentStartPackets;
    private long segmentStartPats;
    private long segmentStartPmts;
    private double nowSec;
    private boolean pcrClock;
    private double usualPcrStepSec = 0.04;
    private int pcrPid = -1;
    private long lastPcr = -1;
    private double patSeen = 0;
    private final SectionAssembler.SectionHandler onSection = this::section;
    private double mediaClockStart = Double.NaN;

    public TsAnalyzer(double pidTimeoutSec) {
        this.pidTimeoutSec = pidTimeoutSec;
        Arrays.fill(lastCc, (byte) -1);
        Arrays.fill(ptsSeen, Double.NaN);
        for (int pid : new int[] {0x00, 0x01, 0x10, 0x11, 0x12, 0x14}) {
            role[pid] = PSI; // PAT, CAT, NIT, SDT/BAT, EIT, TDT/TOT: sections checked for CRC
        }
    }

    /** Errors counted so far, by {@link Tr101290#ordinal()}; the array is live. */
    long[] counts() {
        return counts;
    }

    /** Whether the input has been judged not to be a transport stream (no sync in its first 64 KiB). */
    public boolean notTransportStream() {
        return notTransportStream;
    }

    /** Whether a transport stream was found at all. */
    public boolean synced() {
        return everSynced;
    }

    @Override
    public String diagnosis() {
        if (!everSynced) {
            return null;
        }
        if (payloadPackets == 0) {
            return "an MPEG transport stream of null packets only";
        }
        if (patSections == 0) {
            return "an MPEG transport stream without a PAT";
        }
        return pmtSections == 0 ? "an MPEG transport stream without a PMT" : null;
    }

    /** RTP loss reported by the source, counted with the others. */
    @Override
    public void onPacketsLost(long packetsLost) {
        counts[Tr101290.RTP_PACKET_LOSS.ordinal()] += packetsLost;
    }

    /**
     * The session's media time, the analyzer's clock only while no PCR has given it the stream's rate (a stream
     * without PAT or PCR): coarse, but enough to see that tables never come.
     */
    public void mediaClock(double sessionSec) {
        if (!pcrClock && !Double.isNaN(sessionSec)) {
            if (Double.isNaN(mediaClockStart)) {
                mediaClockStart = sessionSec;
            }
            nowSec = sessionSec - mediaClockStart;
            clockMoved();
        }
    }

    /**
     * HLS: each segment is a byte stream of its own, and packagers put the PAT and PMT at the start of each segment
     * only (as the HLS specification asks), not every 0.5 s. So the tables' repetition is not timed; a segment
     * that comes without them is a PAT_error / PMT_error when the next one starts.
     */
    @Override
    public void segmented() {
        segmented = true;
    }

    @Override
    public void onSegment() {
        // a stretch the demuxer only probed is not a segment without tables
        if (segmented && everSynced && payloadPackets - segmentStartPackets >= MIN_SEGMENT_PACKETS) {
            if (patSections == segmentStartPats) {
                count(Tr101290.PAT_ERROR);
            }
            if (pmtSections == segmentStartPmts && patSections > 0) {
                count(Tr101290.PMT_ERROR);
            }
        }
        segmentStartPackets = payloadPackets;
        segmentStartPats = patSections;
        segmentStartPmts = pmtSections;
        onDiscontinuity();
    }

    @Override
    public void onDiscontinuity() {
        carried = 0;
        inSync = false;
        goodSync = 0;
        badSync = 0;
        Arrays.fill(lastCc, (byte) -1);
        Arrays.fill(duplicate, false);
        sections.values().forEach(SectionAssembler::lost);
        lastPcr = -1;
        // timing restarts: nothing counts as missing across a gap the analyzer did not see
        patSeen = nowSec;
        for (int i = 0; i < watchedCount; i++) {
            int pid = watched[i];
            seen[pid] = nowSec;
            if (!Double.isNaN(ptsSeen[pid])) {
                ptsSeen[pid] = nowSec;
            }
        }
    }

    /**
     * A file's demuxer reads ahead (its head, its end for the duration) and seeks back to read again: what was counted
     * on bytes that will be read again must not count twice. Counters are restored to the last checkpoint at or
     * before the point moved back to (checkpoints every {@link #CHECKPOINT_BYTES} of input).
     */
    @Override
    public void onSeek(long from, long to) {
        if (to < from) {
            long[] restore = new long[counts.length];
            while (!checkpoints.isEmpty() && checkpoints.peekLast().offset() > to) {
                checkpoints.removeLast();
            }
            if (!checkpoints.isEmpty()) {
                restore = checkpoints.peekLast().counts();
            }
            System.arraycopy(restore, 0, counts, 0, counts.length);
        }
        offset = to;
        nextCheckpoint = (to / CHECKPOINT_BYTES + 1) * CHECKPOINT_BYTES;
        onDiscontinuity();
    }

    private record Checkpoint(long offset, long[] counts) {}

    @Override
    public void onBytes(ByteBuffer bytes) {
        if (notTransportStream) {
            return;
        }
        int n = bytes.remaining();
        offset += n;
        if (offset >= nextCheckpoint) {
            checkpoints.addLast(new Checkpoint(offset - n, counts.clone())); // counts as they stood before these bytes
            if (checkpoints.size() > MAX_CHECKPOINTS) {
                checkpoints.removeFirst();
            }
            nextCheckpoint = (offset / CHECKPOINT_BYTES + 1) * CHECKPOINT_BYTES;
        }
        if (chunk.length < carried + n) {
            chunk = new byte[carried + n];
        }
        System.arraycopy(carry, 0, chunk, 0, carried);
        bytes.get(bytes.position(), chunk, carried, n);
        int length = carried + n;
        int i = 0;
        while (length - i >= PACKET) {
            if (!inSync) {
                int found = findSync(chunk, i, length);
                if (found < 0) {
                    noSync(length - i - PACKET + 1);
                    i = length - PACKET + 1;
                    break;
                }
                if (found == Integer.MAX_VALUE) {
                    break; // a candidate, but not enough bytes yet to confirm it
                }
                noSync(found - i);
                i = found;
                inSync = true;
                everSynced = true;
                goodSync = 0;
                badSync = 0;
                bytesWithoutSync = 0;
            }
            if ((chunk[i] & 0xFF) != SYNC) {
                count(Tr101290.SYNC_BYTE_ERROR);
                if (++badSync >= 2) {
                    count(Tr101290.TS_SYNC_LOSS);
                    inSync = false;
                    continue; // search again from here
                }
                i += PACKET; // one bad byte: keep the packet grid, skip the packet
                continue;
            }
            badSync = 0;
            goodSync++;
            packet(chunk, i);
            i += PACKET;
        }
        carried = Math.min(length - i, carry.length);
        System.arraycopy(chunk, length - carried, carry, 0, carried);
    }

    /**
     * The offset of a sync byte followed by four more at packet spacing (five in a row regain sync), -1 when the
     * bytes hold none, {@link Integer#MAX_VALUE} when a candidate needs more bytes to be confirmed.
     */
    private static int findSync(byte[] b, int from, int length) {
        for (int i = from; i + PACKET <= length; i++) {
            if ((b[i] & 0xFF) != SYNC) {
                continue;
            }
            int confirmed = 1;
            while (confirmed < 5 && i + confirmed * PACKET < length && (b[i + confirmed * PACKET] & 0xFF) == SYNC) {
                confirmed++;
            }
            if (confirmed == 5) {
                return i;
            }
            if (i + confirmed * PACKET >= length) {
                return Integer.MAX_VALUE;
            }
        }
        return -1;
    }

    private void noSync(int bytes) {
        bytesWithoutSync += bytes;
        if (!everSynced && bytesWithoutSync > GIVE_UP_BYTES) {
            notTransportStream = true;
        }
    }

    private void packet(byte[] p, int o) {
        packets++;
        int pid = ((p[o + 1] & 0x1F) << 8) | (p[o + 2] & 0xFF);
        if ((p[o + 1] & 0x80) != 0) {
            count(Tr101290.TRANSPORT_ERROR); // the packet is known damaged: nothing else in it is trusted
            return;
        }
        if (pid == NULL_PID) {
            return;
        }
        payloadPackets++;
        boolean pusi = (p[o + 1] & 0x40) != 0;
        int scrambling = (p[o + 3] >> 6) & 3;
        int afc = (p[o + 3] >> 4) & 3;
        int cc = p[o + 3] & 0x0F;
        boolean hasAdaptation = (afc & 2) != 0;
        boolean hasPayload = (afc & 1) != 0;
        int afLength = hasAdaptation ? p[o + 4] & 0xFF : 0;
        boolean discontinuity = hasAdaptation && afLength > 0 && (p[o + 5] & 0x80) != 0;
        boolean ccLost = continuity(pid, cc, hasPayload, discontinuity);
        if (hasAdaptation && afLength >= 7 && (p[o + 5] & 0x10) != 0 && pid == pcrPid) {
            pcr(p, o, discontinuity);
        }
        int payload = o + 4 + (hasAdaptation ? 1 + afLength : 0);
        byte r = role[pid];
        if (r == PSI || r == PMT) {
            if (scrambling != 0) {
                if (pid == 0 || r == PMT) {
                    count(pid == 0 ? Tr101290.PAT_ERROR : Tr101290.PMT_ERROR); // PSI must never be scrambled
                }
            } else if (hasPayload && payload < o + PACKET) {
                SectionAssembler s = sections.computeIfAbsent(pid, SectionAssembler::new);
                if (ccLost) {
                    s.lost();
                }
                s.payload(packetCopy(p, o), payload - o, pusi, onSection);
            }
        } else if (r == MEDIA) {
            fresh[pid] |= SEEN_PACKET;
            if (pusi
                    && hasPayload
                    && payload + 14 <= o + PACKET
                    && scrambling == 0
                    && p[payload] == 0
                    && p[payload + 1] == 0
                    && p[payload + 2] == 1
                    && (p[payload + 7] & 0x80) != 0) {
                fresh[pid] |= SEEN_PTS; // a PES header with a PTS
            }
        }
    }

    private final byte[] single = new byte[PACKET];

    /** The section assembler reads packets from offset 0. */
    private byte[] packetCopy(byte[] p, int o) {
        if (o == 0) {
            return p;
        }
        System.arraycopy(p, o, single, 0, PACKET);
        return single;
    }

    /** @return true when packets were lost just before this one (the PID's sections must restart) */
    private boolean continuity(int pid, int cc, boolean hasPayload, boolean discontinuity) {
        int last = lastCc[pid];
        if (last < 0 || discontinuity) {
            lastCc[pid] = (byte) cc;
            duplicate[pid] = false;
            return false;
        }
        if (!hasPayload) {
            return false; // the counter does not advance without payload
        }
        if (cc == ((last + 1) & 0x0F)) {
            lastCc[pid] = (byte) cc;
            duplicate[pid] = false;
            return false;
        }
        if (cc == last && !duplicate[pid]) {
            duplicate[pid] = true; // one duplicate packet is allowed
            return false;
        }
        count(Tr101290.CONTINUITY_COUNT_ERROR);
        lastCc[pid] = (byte) cc;
        duplicate[pid] = false;
        return true;
    }

    private void pcr(byte[] p, int o, boolean discontinuity) {
        long base = ((long) (p[o + 6] & 0xFF) << 25)
                | ((p[o + 7] & 0xFF) << 17)
                | ((p[o + 8] & 0xFF) << 9)
                | ((p[o + 9] & 0xFF) << 1)
                | ((p[o + 10] & 0xFF) >> 7);
        long ext = ((p[o + 10] & 0x01) << 8) | (p[o + 11] & 0xFF);
        long pcr = base * 300 + ext;
        if (lastPcr >= 0) {
            long diff = Math.floorMod(pcr - lastPcr, PCR_WRAP);
            boolean backwards = diff > PCR_WRAP / 2;
            double diffSec = diff / (double) PCR_HZ;
            boolean jump = backwards || diffSec > PCR_JUMP_SEC;
            if (!discontinuity && jump) {
                count(Tr101290.PCR_DISCONTINUITY_INDICATOR_ERROR);
            } else if (!discontinuity && diffSec > PCR_INTERVAL_SEC) {
                count(Tr101290.PCR_REPETITION_ERROR);
            }
            if (jump || discontinuity) {
                nowSec += usualPcrStepSec; // a new time base: the clock goes on as if nothing happened
            } else {
                nowSec += diffSec;
                if (diffSec <= PCR_INTERVAL_SEC) {
                    usualPcrStepSec = diffSec;
                }
            }
        }
        pcrClock = true;
        lastPcr = pcr;
        clockMoved();
    }

    private void section(int pid, byte[] s, int length) {
        int tableId = s[0] & 0xFF;
        boolean syntax = (s[1] & 0x80) != 0;
        if (syntax && length >= 7 && Crc32Mpeg.of(s, 0, length) != 0) {
            count(Tr101290.CRC_ERROR);
            return; // a damaged section says nothing reliable
        }
        if (pid == 0) {
            if (tableId != 0x00) {
                count(Tr101290.PAT_ERROR);
                return;
            }
            patFresh = true;
            patSections++;
            pat(s, length);
        } else if (role[pid] == PMT) {
            if (tableId != 0x02) {
                return; // other tables may share a PMT PID
            }
            fresh[pid] |= SEEN_TABLE;
            pmtSections++;
            pmt(s, length);
        }
    }

    private void pat(byte[] s, int length) {
        for (int i = 8; i + 4 <= length - 4; i += 4) {
            int program = ((s[i] & 0xFF) << 8) | (s[i + 1] & 0xFF);
            int pid = ((s[i + 2] & 0x1F) << 8) | (s[i + 3] & 0xFF);
            if (program != 0 && role[pid] == 0) {
                watch(pid, PMT); // its half second starts now
            }
        }
    }

    private void pmt(byte[] s, int length) {
        if (length < 16) {
            return;
        }
        int pcr = ((s[8] & 0x1F) << 8) | (s[9] & 0xFF);
        if (pcrPid < 0 && pcr != NULL_PID) {
            pcrPid = pcr;
        }
        int i = 12 + (((s[10] & 0x0F) << 8) | (s[11] & 0xFF));
        while (i + 5 <= length - 4) {
            int type = s[i] & 0xFF;
            int pid = ((s[i + 1] & 0x1F) << 8) | (s[i + 2] & 0xFF);
            int infoLength = ((s[i + 3] & 0x0F) << 8) | (s[i + 4] & 0xFF);
            if (isAudioOrVideo(type) && role[pid] == 0) {
                watch(pid, MEDIA);
            }
            i += 5 + infoLength;
        }
    }

    /** Stream types whose PIDs must be continuously present (sparse ones, like subtitles, need not be). */
    private static boolean isAudioOrVideo(int streamType) {
        return switch (streamType) {
            case 0x01,
                    0x02,
                    0x10,
                    0x1B,
                    0x24,
                    0x42,
                    0xEA, // MPEG-1/2, MPEG-4 part 2, H.264, HEVC, AVS, VC-1
                    0x03,
                    0x04,
                    0x0F,
                    0x11,
                    0x1C,
                    0x81,
                    0x87 -> true; // MPEG audio, AAC (ADTS/LATM), AC-3, E-AC-3
            default -> false;
        };
    }

    /** The clock moved: what came since is stamped now, then what is overdue is counted. */
    private void clockMoved() {
        if (patFresh) {
            patSeen = nowSec;
            patFresh = false;
        }
        for (int i = 0; i < watchedCount; i++) {
            int pid = watched[i];
            byte f = fresh[pid];
            if (f != 0) {
                if ((f & (SEEN_PACKET | SEEN_TABLE)) != 0) {
                    seen[pid] = nowSec;
                }
                if ((f & SEEN_PTS) != 0) {
                    ptsSeen[pid] = nowSec;
                }
                fresh[pid] = 0;
            }
        }
        checkTiming();
    }

    private void checkTiming() {
        if (!everSynced || (!pcrClock && Double.isNaN(mediaClockStart))) {
            return;
        }
        if (!segmented && nowSec - patSeen > PSI_INTERVAL_SEC) {
            count(Tr101290.PAT_ERROR);
            patSeen = nowSec; // the next error after another half second of absence
        }
        for (int i = 0; i < watchedCount; i++) {
            int pid = watched[i];
            if (role[pid] == PMT && !segmented && nowSec - seen[pid] > PSI_INTERVAL_SEC) {
                count(Tr101290.PMT_ERROR);
                seen[pid] = nowSec;
            } else if (role[pid] == MEDIA) {
                if (nowSec - seen[pid] > pidTimeoutSec) {
                    count(Tr101290.PID_ERROR);
                    seen[pid] = nowSec;
                }
                if (nowSec - ptsSeen[pid] > PTS_INTERVAL_SEC) { // false while NaN
                    count(Tr101290.PTS_ERROR);
                    ptsSeen[pid] = nowSec;
                }
            }
        }
    }

    private void watch(int pid, byte what) {
        role[pid] = what;
        seen[pid] = nowSec;
        if (watchedCount == watched.length) {
            watched = Arrays.copyOf(watched, watchedCount * 2);
        }
        watched[watchedCount++] = pid;
    }

    private void count(Tr101290 indicator) {
        counts[indicator.ordinal()]++;
    }
}
