package dev.vigil.worker.decode;

import java.nio.ByteBuffer;

/**
 * A decoded picture as the analysis reads it: the 8-bit luma plane in place (the decoder's own buffer, or a
 * grey conversion for other pixel formats) and what the decoder knew about it. Valid until the decoder's next
 * {@code receive()}; reused.
 */
public final class Picture {

    private ByteBuffer luma;
    private int stride;
    private int width;
    private int height;
    private long ptsMicros;
    private int errors;
    private boolean key;
    private char type;
    private boolean full;

    Picture set(
            ByteBuffer luma,
            int stride,
            int width,
            int height,
            long ptsMicros,
            int errors,
            boolean key,
            char type,
            boolean full) {
        this.luma = luma;
        this.stride = stride;
        this.width = width;
        this.height = height;
        this.ptsMicros = ptsMicros;
        this.errors = errors;
        this.key = key;
        this.type = type;
        this.full = full;
        return this;
    }

    /** The luma plane, rows {@link #stride()} bytes apart; read with absolute indices. */
    public ByteBuffer luma() {
        return luma;
    }

    public int stride() {
        return stride;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Presentation time in microseconds of the stream's clock. */
    public long ptsMicros() {
        return ptsMicros;
    }

    /** {@link DecodeErrors} bits; 0 for a picture the decoder made without trouble. */
    public int errors() {
        return errors;
    }

    /** A picture that depends on no other (IDR/I-frame flagged as key by the decoder). */
    public boolean isKey() {
        return key;
    }

    /**
     * Exactly what full decoding shows: decoded in full (with the loop filter), from a key picture decoded in full
     * onwards. Pictures of economy and keyframes decoding are not: measures of coding artefacts (blocking) do not
     * hold on them.
     */
    public boolean full() {
        return full;
    }

    /** FFmpeg's picture type letter: I, P, B, … ('?' when unknown). */
    public char type() {
        return type;
    }
}
