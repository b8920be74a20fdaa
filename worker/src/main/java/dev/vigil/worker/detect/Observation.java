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
    record Idle(DetectorName detector, String reason) implements Observation {}

    /**
     * A change in the stream a detector noticed that is not a defect (e.g. a step in the A/V offset): the session
     * reports it as a stream event.
     *
     * @param kind   the event's wire name (see {@code session.StreamEvent.Kind})
     * @param detail small, JSON-friendly facts
     */
    record Event(DetectorName detector, double atSec, String kind, String message, java.util.Map<String, Object> detail)
            implements Observation {

        public Event {
            detail = java.util.Map.copyOf(detail);
        }
    }
}
