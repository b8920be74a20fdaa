package dev.vigil.worker.evidence;

/** A thumbnail or clip that could not be made or stored; the message is one line, free of credentials. */
public final class EvidenceException extends Exception {

    public EvidenceException(String message) {
        super(message);
    }

    public EvidenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
