package dev.vigil.worker.source;

import static org.bytedeco.ffmpeg.global.avformat.avio_read_partial;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;

import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * RTP carrying MPEG-TS (RFC 2250, payload type 33, or a dynamic type whose payload is TS): removes the RTP
 * header of each datagram and counts packets lost by sequence number. Anything that is not RTP version 2
 * with a TS payload is refused, so a source of another kind fails clearly instead of decoding noise.
 */
final class RtpDepacketizer {

    private static final int MAX_DATAGRAM = 64 * 1024;
    private static final int TS_SYNC = 0x47;
    private static final int MAX_COUNTED_GAP = 1000;

    private final BytePointer datagram = new BytePointer(MAX_DATAGRAM);
    private final byte[] header = new byte[16];
    private int lastSequence = -1;
    private long lost;

    /**
     * Reads one datagram from {@code udp} and writes its payload to {@code out}.
     *
     * @return payload bytes, 0 for a datagram without payload, or FFmpeg's (negative) error code
     */
    int read(AVIOContext udp, BytePointer out, int size) {
        int n = avio_read_partial(udp, datagram, MAX_DATAGRAM);
        if (n <= 0) {
            return n;
        }
        datagram.position(0).get(header, 0, Math.min(n, header.length));
        int start = payloadStart(n);
        if (start < 0) {
            return AVERROR_INVALIDDATA;
        }
        int end = n;
        if ((header[0] & 0x20) != 0) { // padding: the last byte says how much
            end -= datagram.get(n - 1) & 0xFF;
        }
        int length = Math.max(0, Math.min(end - start, size));
        if (length > 0 && (datagram.get(start) & 0xFF) != TS_SYNC) {
            return AVERROR_INVALIDDATA;
        }
        countLoss(((header[2] & 0xFF) << 8) | (header[3] & 0xFF));
        Pointer.memcpy(out.position(0), datagram.position(start), length);
        datagram.position(0);
        // an empty datagram must not read as the end of the input
        return length == 0 ? read(udp, out, size) : length;
    }

    long lost() {
        return lost;
    }

    private int payloadStart(int n) {
        if (n < 12 || (header[0] & 0xC0) != 0x80) {
            return -1;
        }
        int start = 12 + 4 * (header[0] & 0x0F);
        if ((header[0] & 0x10) != 0) { // header extension: 4 bytes, then its length in 32-bit words
            if (start + 4 > n) {
                return -1;
            }
            int words = ((datagram.get(start + 2) & 0xFF) << 8) | (datagram.get(start + 3) & 0xFF);
            start += 4 + 4 * words;
        }
        return start <= n ? start : -1;
    }

    private void countLoss(int sequence) {
        if (lastSequence >= 0) {
            int gap = (sequence - lastSequence - 1) & 0xFFFF;
            if (gap >= 0x8000) {
                return; // an older packet arriving late (reordering): not loss, and not the newest
            }
            if (gap <= MAX_COUNTED_GAP) { // a bigger jump is a sender restart with a new sequence
                lost += gap;
            }
        }
        lastSequence = sequence;
    }
}
