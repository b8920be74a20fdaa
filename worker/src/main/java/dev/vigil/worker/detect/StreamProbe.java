package dev.vigil.worker.detect;

import dev.vigil.worker.source.ByteTap;
import dev.vigil.worker.source.Packet;
import dev.vigil.worker.source.StreamFacts;

/**
 * Work a detector needs done on a stream's decode thread, where the bytes and packets pass by: the transport
 * analyzer reads every byte, timestamp checks read every packet. A probe must be quick (it runs inline with
 * the decoder) and keeps its findings to itself until {@link #collect} hands them to the detector, which
 * runs on the session's lane like every other detector call.
 */
public interface StreamProbe {

    /**
     * A new connection was made.
     *
     * @param tapped whether {@link #byteTap()} will see this connection's bytes (byte-stream protocols only)
     */
    default void onConnected(boolean tapped, StreamFacts facts) {}

    /** Sees the raw input bytes; null when the probe does not need them. */
    default ByteTap byteTap() {
        return null;
    }

    /** Every demuxed packet of the decoded video and audio streams, in arrival order. */
    default void onPacket(Packet packet, double sessionSec) {}

    /**
     * Called after each decoded picture or audio block, at session time {@code sessionSec}.
     *
     * @return work to run on the detector's lane (e.g. hand over counts gathered since the last call), or null
     */
    default Runnable collect(double sessionSec) {
        return null;
    }
}
