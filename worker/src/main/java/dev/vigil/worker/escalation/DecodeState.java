package dev.vigil.worker.escalation;

import dev.vigil.worker.decode.DecodeProfile;

/**
 * How a stream is decoded now, for status, metrics and reports.
 *
 * @param profile     the stream's own profile (its pool's, or {@code vigil analyze --decode})
 * @param current     what is decoded now: the profile, or full while escalated
 * @param reason      why it is escalated; null when it is not
 * @param escalations escalations granted so far
 * @param refused     escalations the worker's budget refused so far (at most one try per second)
 * @param sparseKeys  keyframes was asked for, but the stream's key pictures are too far apart to watch on them
 *                    alone: it is decoded in economy
 */
public record DecodeState(
        DecodeProfile profile,
        DecodeProfile current,
        EscalationReason reason,
        long escalations,
        long refused,
        boolean sparseKeys) {

    /** Why a keyframes stream is decoded in economy: its key pictures are too far apart. */
    public static final String SPARSE_KEYS = "sparseKeyPictures";

    /** The wire name of why {@code current} is not {@code profile}, or null when it is. */
    public String why() {
        if (reason != null) {
            return reason.wireName();
        }
        return sparseKeys ? SPARSE_KEYS : null;
    }

    public boolean escalated() {
        return reason != null;
    }
}
