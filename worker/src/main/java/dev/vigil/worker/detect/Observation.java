package dev.vigil.worker.detect;

/**
 * What a detector measures that is not a defect but belongs in status, metrics or reports: transport error
 * counters, a measured offset, a detector with nothing to look at. Delivered in media order with the defects
 * ({@link DefectSink#observed}); each listener takes the kinds it knows and ignores the rest.
 */
public interface Observation {

    /** The detector that made it. */
    DetectorName detector();

    /** A detector that has nothing to look at in this stream, and why (shown once, not an error). */
    record Idle(DetectorName detector, String reason) implements Observation {
    }
}
