package dev.vigil.worker.decode;

/** A stream this build cannot decode; the message is one readable line. */
public final class DecoderException extends Exception {

    public DecoderException(String message) {
        super(message);
    }
}
