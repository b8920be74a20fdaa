package dev.vigil.worker.detect;

/** Receives defect transitions and observations from detectors, in media-time order per stream. */
public interface DefectSink {
    void opened(Defect defect);

    void closed(Defect defect);

    /** A measurement or note that is not a defect; ignored unless the session's listeners want it. */
    default void observed(Observation observation) {
    }
}
