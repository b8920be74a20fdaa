package dev.vigil.worker.escalation;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * What a worker may spend on escalations: a stream switched from economy or keyframes to full decoding costs the
 * difference in stream units for as long as it lasts, and the worker grants it only while its streams at their own
 * profiles plus the escalations already granted stay within its capacity. A storm of suspicions on many streams
 * therefore escalates as many as the reserve holds, and the rest go on in their own profile (counted as refused).
 * Shared by the sessions of one worker; thread-safe.
 */
public final class EscalationBudget {

    private final double capacityUnits;
    private final DoubleSupplier baseLoadUnits;
    private final Map<EscalationReason, Long> granted = new EnumMap<>(EscalationReason.class);
    private double escalatedUnits;
    private int escalatedStreams;
    private long refused;

    /**
     * @param capacityUnits the worker's capacity in stream units
     * @param baseLoadUnits what its streams cost at their own profiles now, escalations not included
     */
    public EscalationBudget(double capacityUnits, DoubleSupplier baseLoadUnits) {
        this.capacityUnits = capacityUnits;
        this.baseLoadUnits = baseLoadUnits;
    }

    /** No limit: one stream on the command line. */
    public static EscalationBudget unlimited() {
        return new EscalationBudget(Double.POSITIVE_INFINITY, () -> 0);
    }

    /** Grants {@code extraUnits} for one escalation when they fit; counts it either way. */
    public synchronized boolean tryAcquire(double extraUnits, EscalationReason reason) {
        if (baseLoadUnits.getAsDouble() + escalatedUnits + extraUnits > capacityUnits + 1e-9) {
            refused++;
            return false;
        }
        escalatedUnits += extraUnits;
        escalatedStreams++;
        granted.merge(reason, 1L, Long::sum);
        return true;
    }

    /** An escalation ended. */
    public synchronized void release(double extraUnits) {
        escalatedUnits = Math.max(0, escalatedUnits - extraUnits);
        escalatedStreams = Math.max(0, escalatedStreams - 1);
    }

    /** Stream units the escalations now running cost beyond their streams' own profiles. */
    public synchronized double escalatedUnits() {
        return escalatedUnits;
    }

    public synchronized int escalatedStreams() {
        return escalatedStreams;
    }

    /** Escalations granted for this reason since the worker started. */
    public synchronized long granted(EscalationReason reason) {
        return granted.getOrDefault(reason, 0L);
    }

    /** Escalations refused for want of capacity since the worker started. */
    public synchronized long refused() {
        return refused;
    }
}
