package dev.vigil.operator.scheduling;

/** Why (part of) a monitor has no worker. */
public enum UnplacedReason {
    /** Some requested detectors are carried by no pool; more workers will not help. */
    NO_POOL_FOR_DETECTORS("NoPoolForDetectors"),
    /** A pool that carries the detectors has no worker with enough free capacity; the pool is asked to grow. */
    NO_CAPACITY("NoCapacity");

    private final String conditionReason;

    UnplacedReason(String conditionReason) {
        this.conditionReason = conditionReason;
    }

    /** The CamelCase reason written into the monitor's status condition. */
    public String conditionReason() {
        return conditionReason;
    }
}
