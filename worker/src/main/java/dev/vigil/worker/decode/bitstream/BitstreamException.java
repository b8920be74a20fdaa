package dev.vigil.worker.decode.bitstream;

/** A header that does not parse: truncated, out of range, or using a feature this reader does not follow. */
public final class BitstreamException extends RuntimeException {

    public BitstreamException(String message) {
        // thrown per damaged packet of an untrusted stream: no stack trace to fill
        super(message, null, false, false);
    }
}
