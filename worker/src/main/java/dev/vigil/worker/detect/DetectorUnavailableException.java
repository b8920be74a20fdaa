package dev.vigil.worker.detect;

/** A detector that cannot run for this stream (its model failed to load): the stream's other detectors still run. */
public final class DetectorUnavailableException extends RuntimeException {

    private final DetectorName detector;

    public DetectorUnavailableException(DetectorName detector, String message) {
        super(message);
        this.detector = detector;
    }

    public DetectorName detector() {
        return detector;
    }
}
