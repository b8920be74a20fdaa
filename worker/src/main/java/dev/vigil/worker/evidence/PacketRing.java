package dev.vigil.worker.evidence;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import dev.vigil.worker.source.MediaKind;
import dev.vigil.worker.source.Packet;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * The compressed packets of a stream's last seconds, bounded by time, bytes and count. Adding a packet takes a
 * reference to the demuxer's buffer ({@code av_packet_ref} into a slot allocated once): nothing is copied and
 * nothing decoded, so keeping the ring costs a few hundred nanoseconds per packet on the decode thread. Slots are
 * reused; the memory held is the packets' own bytes (bit rate × window) plus about 200 bytes per packet.
 * Not thread-safe: its owner locks.
 */
final class PacketRing implements AutoCloseable {

    static final int INITIAL_SLOTS = 256;
    static final int MAX_SLOTS = 16_384;

    private final double windowSec;
    private final long maxBytes;
    private AVPacket[] avs = new AVPacket[INITIAL_SLOTS];
    private MediaKind[] kinds = new MediaKind[INITIAL_SLOTS];
    private double[] secs = new double[INITIAL_SLOTS];
    private boolean[] keys = new boolean[INITIAL_SLOTS];
    private int[] sizes = new int[INITIAL_SLOTS];
    private int head;
    private int count;
    private long bytes;
    private double newestSec = Double.NEGATIVE_INFINITY;
    private boolean closed;

    PacketRing(double windowSec, long maxBytes) {
        this.windowSec = windowSec;
        this.maxBytes = maxBytes;
    }

    /** Keeps a reference to the packet; the oldest go when the window, the byte budget or the slots are full. */
    void add(Packet packet, double sec) {
        if (closed) {
            return;
        }
        int size = packet.size();
        if (size > maxBytes) {
            return; // one packet larger than the whole budget: not kept
        }
        newestSec = Math.max(newestSec, sec);
        while (count > 0 && (newestSec - secs[head] > windowSec || bytes + size > maxBytes)) {
            evictOldest();
        }
        if (count == avs.length && !grow()) {
            evictOldest();
        }
        int i = (head + count) % avs.length;
        if (avs[i] == null) {
            avs[i] = av_packet_alloc();
        }
        if (av_packet_ref(avs[i], packet.av()) < 0) {
            return; // out of memory: this packet is not kept, the ring stays consistent
        }
        kinds[i] = packet.kind();
        secs[i] = sec;
        keys[i] = packet.isKey();
        sizes[i] = size;
        bytes += size;
        count++;
    }

    /** Bytes of packet data held now. */
    long bytes() {
        return bytes;
    }

    int count() {
        return count;
    }

    /** Session time of the newest packet, or -infinity when empty. */
    double newestSec() {
        return newestSec;
    }

    /** Session time of the oldest packet, or NaN when empty. */
    double oldestSec() {
        return count == 0 ? Double.NaN : secs[head];
    }

    /**
     * Copies (new references, not data) of the packets needed to play {@code fromSec} to {@code toSec}: from the
     * last video key packet at or before {@code fromSec} (the first one held when it is older than the ring), or
     * for audio-only streams from the first packet at or after it, up to the last packet at or before
     * {@code toSec}. The caller frees them ({@link #free}).
     */
    List<RingPacket> copy(double fromSec, double toSec, boolean hasVideo) {
        int start = -1;
        for (int n = 0; n < count; n++) {
            int i = (head + n) % avs.length;
            if (hasVideo) {
                if (kinds[i] == MediaKind.VIDEO && keys[i]) {
                    if (secs[i] <= fromSec || start < 0) {
                        start = n;
                    }
                    if (secs[i] > fromSec) {
                        break;
                    }
                }
            } else if (secs[i] >= fromSec) {
                start = n;
                break;
            }
        }
        List<RingPacket> out = new ArrayList<>();
        if (start < 0) {
            return out;
        }
        int end = start;
        for (int n = start; n < count; n++) {
            if (secs[(head + n) % avs.length] <= toSec) {
                end = n;
            }
        }
        for (int n = start; n <= end; n++) {
            int i = (head + n) % avs.length;
            AVPacket clone = av_packet_clone(avs[i]);
            if (clone == null || clone.isNull()) {
                free(out);
                throw new IllegalStateException("out of memory copying packets");
            }
            out.add(new RingPacket(clone, kinds[i], secs[i], keys[i], sizes[i]));
        }
        return out;
    }

    /** Drops every packet (a new connection: other streams, another time base). */
    void clear() {
        while (count > 0) {
            evictOldest();
        }
        newestSec = Double.NEGATIVE_INFINITY;
    }

    static void free(List<RingPacket> packets) {
        for (RingPacket p : packets) {
            av_packet_free(p.av());
        }
        packets.clear();
    }

    private void evictOldest() {
        av_packet_unref(avs[head]);
        bytes -= sizes[head];
        kinds[head] = null;
        head = (head + 1) % avs.length;
        count--;
    }

    private boolean grow() {
        if (avs.length >= MAX_SLOTS) {
            return false;
        }
        int n = avs.length * 2;
        AVPacket[] a = new AVPacket[n];
        MediaKind[] k = new MediaKind[n];
        double[] s = new double[n];
        boolean[] key = new boolean[n];
        int[] z = new int[n];
        for (int j = 0; j < count; j++) {
            int i = (head + j) % avs.length;
            a[j] = avs[i];
            k[j] = kinds[i];
            s[j] = secs[i];
            key[j] = keys[i];
            z[j] = sizes[i];
        }
        // the empty slots' packets move too, to be reused
        int m = count;
        for (int j = count; j < avs.length; j++) {
            a[m++] = avs[(head + j) % avs.length];
        }
        avs = a;
        kinds = k;
        secs = s;
        keys = key;
        sizes = z;
        head = 0;
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        clear();
        closed = true;
        for (int i = 0; i < avs.length; i++) {
            if (avs[i] != null) {
                av_packet_free(avs[i]);
                avs[i] = null;
            }
        }
    }
}
