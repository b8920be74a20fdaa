package dev.vigil.worker.evidence;

import dev.vigil.worker.source.MediaKind;
import java.util.List;

/**
 * What one capture took from the ring, for the side thread: references to the packets around a defect and a
 * private copy of the streams' layout. It owns both and frees them on {@link #close()}.
 *
 * @param thumbnailSec the session time of the picture to show (the first decoded at or after it)
 */
record CapturedMedia(StreamLayout layout, List<RingPacket> packets, double thumbnailSec) implements AutoCloseable {

    boolean hasVideoPackets() {
        return packets.stream().anyMatch(p -> p.kind() == MediaKind.VIDEO);
    }

    /** Session time of the first packet, NaN when there is none. */
    double startSec() {
        return packets.isEmpty()
                ? Double.NaN
                : packets.stream().mapToDouble(RingPacket::sec).min().orElse(Double.NaN);
    }

    /** Session time of the last packet, NaN when there is none. */
    double endSec() {
        return packets.isEmpty()
                ? Double.NaN
                : packets.stream().mapToDouble(RingPacket::sec).max().orElse(Double.NaN);
    }

    long bytes() {
        return packets.stream().mapToLong(RingPacket::size).sum();
    }

    @Override
    public void close() {
        PacketRing.free(packets);
        layout.close();
    }
}
