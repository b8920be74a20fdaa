package dev.vigil.worker.detect.ml;

/** A model that cannot be used: unreadable, not ONNX, or not matching its declared contract. */
public final class ModelException extends Exception {

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
