package dev.vigil.worker.decode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * The video packets of a stream decoded in keyframes since its last-but-one key packet: the GOP whose pictures
 * were skipped before the newest key picture, and the one that the newest key picture starts. Escalation decodes
 * them again in full ({@link VideoDecoder#lookBack}), so that the pictures a suspicious key picture was judged
 * against are measured too, not only those after it. Packets are kept by reference to the demuxer's buffers
 * ({@code av_packet_ref}, nothing copied), in slots reused from GOP to GOP, and bounded in count and bytes: a GOP
 * too large to keep is dropped and cannot be looked back on.
 */
final class GopPackets implements AutoCloseable {

    static final int MAX_PACKETS = 2_048;
    static final long MAX_BYTES = 32L << 20;

    private List<AVPacket> previous = new ArrayList<>();
    private List<AVPacket> current = new ArrayList<>();
    private final ArrayDeque<AVPacket> free = new ArrayDeque<>();
    private long bytes;
    /** The current GOP lost packets to the bounds (or began before the keeping did): it cannot be decoded. */
    private boolean currentBroken = true;

    private boolean previousBroken = true;

    /** Keeps a reference to the packet; a key packet starts a new GOP and the one before the last is let go. */
    void add(AVPacket packet, boolean key) {
        if (key) {
            release(previous);
            List<AVPacket> emptied = previous;
            previous = current;
            previousBroken = currentBroken;
            current = emptied;
            currentBroken = false;
        }
        if (currentBroken) {
            return;
        }
        while (bytes + packet.size() > MAX_BYTES || previous.size() + current.size() >= MAX_PACKETS) {
            if (!previous.isEmpty()) {
                release(previous);
                previousBroken = true;
            } else {
                release(current);
                currentBroken = true;
                return;
            }
        }
        AVPacket slot = free.isEmpty() ? av_packet_alloc() : free.pop();
        if (av_packet_ref(slot, packet) < 0) {
            free.push(slot);
            release(current);
            currentBroken = true;
            return;
        }
        bytes += slot.size();
        current.add(slot);
    }

    /**
     * The packets from the last-but-one key packet on (both GOPs), or from the last one when {@code previousGop}
     * is false; empty when they are not all kept.
     */
    List<AVPacket> since(boolean previousGop) {
        if (currentBroken || current.isEmpty() || (previousGop && (previousBroken || previous.isEmpty()))) {
            return List.of();
        }
        List<AVPacket> out = new ArrayList<>(current.size() + (previousGop ? previous.size() : 0));
        if (previousGop) {
            out.addAll(previous);
        }
        out.addAll(current);
        return out;
    }

    /** Whether both GOPs are kept whole: a look-back to the last-but-one key packet would work. */
    boolean keepsTwoGops() {
        return !currentBroken && !previousBroken && !current.isEmpty() && !previous.isEmpty();
    }

    /** Lets go of every packet: the stream is no longer decoded in keyframes. */
    void clear() {
        release(previous);
        release(current);
        previousBroken = true;
        currentBroken = true;
    }

    long bytes() {
        return bytes;
    }

    private void release(List<AVPacket> packets) {
        for (AVPacket p : packets) {
            bytes -= p.size();
            av_packet_unref(p);
            free.push(p);
        }
        packets.clear();
    }

    @Override
    public void close() {
        clear();
        for (AVPacket p : free) {
            av_packet_free(p);
        }
        free.clear();
    }
}
