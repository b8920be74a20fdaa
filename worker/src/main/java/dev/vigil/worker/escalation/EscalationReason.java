package dev.vigil.worker.escalation;

/** Why a stream decoded in economy or keyframes switched to full decoding. */
public enum EscalationReason {
    /** The decoder reported damage in a picture (concealment, lost slices, a missing reference, bad data). */
    DECODE_ERRORS("decodeErrors"),
    /** The demuxer marked a packet corrupt (e.g. an MPEG-TS continuity error inside it). */
    TRANSPORT("transport"),
    /** The picture stopped changing. */
    FREEZE("freeze"),
    /**
     * Keyframes: the pictures between key pictures shrank far below their usual coded size (the picture may have
     * stopped changing or gone black).
     */
    CODED_SIZE_DROP("codedSizeDrop"),
    /** The picture went black. */
    BLACK("black"),
    /** Coding blocks became visible. */
    BLOCKINESS("blockiness");

    private final String wireName;

    EscalationReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
