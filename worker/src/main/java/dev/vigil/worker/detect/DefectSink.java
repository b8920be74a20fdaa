package dev.vigil.worker.detect;

/** Receives defect transitions and observations from detectors, in media-time order per stream. */
public interface DefectSink {
    void opened(Defect defect);

    /**
     * An open defect's severity changed: it opened as a short, minor event and has now lasted long enough to be
     * what its detector's severity says (see {@link DefectGate}). Same type and start as when it opened.
     */
    default void escalated(Defect defect) {}

    void closed(Defect defect);

    /** A measurement or note that is not a defect; ignored unless the session's listeners want it. */
    default void observed(Observation observation) {}
}
