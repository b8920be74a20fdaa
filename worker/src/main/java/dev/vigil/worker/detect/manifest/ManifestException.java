package dev.vigil.worker.detect.manifest;

/** A playlist or MPD that cannot be read or understood; the message is one line, without credentials. */
public final class ManifestException extends Exception {

    public ManifestException(String message) {
        super(message);
    }
}
