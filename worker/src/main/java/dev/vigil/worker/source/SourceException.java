package dev.vigil.worker.source;

/** A source that could not be opened or read. The message is one readable line, safe to show users. */
public class SourceException extends Exception {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
