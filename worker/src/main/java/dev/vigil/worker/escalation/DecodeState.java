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
 */
public record DecodeState(
        DecodeProfile profile, DecodeProfile current, EscalationReason reason, long escalations, long refused) {

    public boolean escalated() {
        return reason != null;
    }
}
