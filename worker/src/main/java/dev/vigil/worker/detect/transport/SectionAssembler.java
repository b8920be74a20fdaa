package dev.vigil.worker.detect.transport;

/**
 * Reassembles the PSI sections (PAT, PMT, SDT, …) carried on one PID from the payloads of its TS packets,
 * following {@code pointer_field}s, and hands each complete section on. A packet lost mid-section (a
 * continuity error on the PID) drops the partial section instead of joining unrelated bytes.
 */
final class SectionAssembler {

    /** Receives complete sections: {@code data[0..length)} is one section, table_id first. */
    interface SectionHandler {
        void onSection(int pid, byte[] data, int length);
    }

    private static final int MAX_SECTION = 4096 + 3;

    private final int pid;
    private final byte[] section = new byte[MAX_SECTION];
    private int have;
    private int expected = -1;
    private boolean collecting;

    SectionAssembler(int pid) {
        this.pid = pid;
    }

    /** The previous packet of this PID was lost: whatever was collected is incomplete. */
    void lost() {
        collecting = false;
        have = 0;
        expected = -1;
    }

    /**
     * @param packet the TS packet
     * @param start  first payload byte
     * @param pusi   payload_unit_start_indicator
     */
    void payload(byte[] packet, int start, boolean pusi, SectionHandler handler) {
        int end = 188;
        int i = start;
        if (pusi) {
            if (i >= end) {
                return;
            }
            int pointer = packet[i++] & 0xFF;
            if (collecting && i + pointer <= end) {
                append(packet, i, pointer, handler); // the tail of the section in progress
            }
            i += pointer;
            collecting = false;
            have = 0;
            expected = -1;
            // one or more sections start here, until stuffing (0xFF) or the end of the packet
            while (i < end && (packet[i] & 0xFF) != 0xFF) {
                collecting = true;
                have = 0;
                expected = -1;
                int used = append(packet, i, end - i, handler);
                if (collecting) {
                    break; // continues in the next packet
                }
                i += used;
            }
        } else if (collecting) {
            append(packet, i, end - i, handler);
        }
    }

    /** Appends bytes to the section in progress. @return bytes used (the rest belongs to what follows) */
    private int append(byte[] src, int from, int count, SectionHandler handler) {
        int used = 0;
        while (used < count) {
            if (expected < 0 && have >= 3) {
                expected = 3 + (((section[1] & 0x0F) << 8) | (section[2] & 0xFF));
                if (expected > MAX_SECTION) {
                    lost();
                    return count;
                }
            }
            int want = expected < 0 ? 3 - have : expected - have;
            int n = Math.min(want, count - used);
            System.arraycopy(src, from + used, section, have, n);
            have += n;
            used += n;
            if (expected < 0 && have >= 3) {
                continue;
            }
            if (expected >= 0 && have == expected) {
                handler.onSection(pid, section, have);
                collecting = false;
                have = 0;
                expected = -1;
                return used;
            }
        }
        return used;
    }
}
