package dev.vigil.worker.detect;

/** Receives defect transitions from detectors, in media-time order per stream. */
public interface DefectSink {
    void opened(Defect defect);

    void closed(Defect defect);
}
