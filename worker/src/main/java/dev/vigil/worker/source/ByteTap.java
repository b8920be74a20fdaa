package dev.vigil.worker.source;

import java.nio.ByteBuffer;

/**
 * Sees every byte a source delivers, once, as the demuxer reads it (on the decode thread): the transport-stream
 * analyzer sits here. Implementations must be quick and must not keep {@code chunk}, which is only valid during
 * the call.
 */
public interface ByteTap {

    /** The next bytes of the input, in order; {@code chunk} is positioned at 0 with its limit at the end. */
    void onBytes(ByteBuffer chunk);

    /**
     * The next bytes do not follow the previous ones: the demuxer seeked (probing a file's end) or a new
     * connection started. Continuity state must be reset without counting errors.
     */
    void onDiscontinuity();

    /**
     * What the bytes seen so far say about the input, for a message when the demuxer finds nothing to decode
     * (e.g. "an MPEG transport stream of null packets only"); null when the tap has nothing to add.
     */
    default String diagnosis() {
        return null;
    }

    /**
     * The input comes in segments (HLS), each a byte stream of its own starting with {@link #onDiscontinuity};
     * said before the first byte.
     */
    default void segmented() {}

    /** Segmented inputs: the next bytes are a new segment (which also makes them discontinuous). */
    default void onSegment() {
        onDiscontinuity();
    }

    /**
     * The demuxer moved in the input from byte {@code from} to byte {@code to} (probing a file's end, then back):
     * the next bytes are discontinuous, and after a move back they are bytes seen before.
     */
    default void onSeek(long from, long to) {
        onDiscontinuity();
    }

    /** The transport below the bytes lost packets it could count (RTP sequence numbers). */
    default void onPacketsLost(long packets) {}

    ByteTap NONE = new ByteTap() {
        @Override
        public void onBytes(ByteBuffer chunk) {}

        @Override
        public void onDiscontinuity() {}
    };
}
