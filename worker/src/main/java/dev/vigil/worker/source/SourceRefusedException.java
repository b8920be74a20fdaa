package dev.vigil.worker.source;

/**
 * The source policy refuses a source: nothing was opened. The message says which rule, never a credential.
 */
public final class SourceRefusedException extends SourceException {

    public SourceRefusedException(String message) {
        super(message);
    }
}
