package dev.vigil.worker.decode.bitstream;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * The quantiser (QP) a picture was coded with, read from its first slice header without decoding it: how coarsely
 * the encoder spent its bits. A constant-bit-rate encoder holds each picture's size and moves the quantiser, so
 * that a picture's size says how much there was to code only together with its QP. H.264 only (Annex B packets, as
 * in MPEG-TS, or length-prefixed ones with the parameter sets in the container's {@code avcC}); other codecs, and
 * packets whose headers do not parse, have {@link #UNKNOWN}. Reads at most the first {@value #WINDOW} bytes of a
 * packet. One per stream, used from one thread.
 */
public final class PictureQuantiser {

    public static final int UNKNOWN = -1;
    /** Bytes of a packet read: its parameter sets and first slice header lie well within. */
    static final int WINDOW = 4096;

    /** What {@link #nal} answers for a NAL unit that is not a slice. */
    private static final int NOT_A_SLICE = -2;

    private static final PictureQuantiser NONE = new PictureQuantiser(null, 0);

    private final H264Headers headers;
    /** Bytes of each NAL unit's length prefix; 0 for Annex B start codes. */
    private final int lengthSize;

    private final RbspBits bits = new RbspBits();
    private final byte[] window = new byte[WINDOW];
    /** The last packet read began with a slice of an IDR picture. */
    private boolean idr;

    private PictureQuantiser(H264Headers headers, int lengthSize) {
        this.headers = headers;
        this.lengthSize = lengthSize;
    }

    /** For the stream these parameters describe; one that always answers {@link #UNKNOWN} for codecs but H.264. */
    public static PictureQuantiser of(AVCodecParameters par) {
        if (par == null || par.codec_id() != AV_CODEC_ID_H264) {
            return NONE;
        }
        byte[] extradata = new byte[Math.max(0, par.extradata_size())];
        if (extradata.length > 0 && par.extradata() != null) {
            par.extradata().get(extradata, 0, extradata.length);
        }
        return h264(extradata);
    }

    /** An H.264 stream with this extradata ({@code avcC} or Annex B parameter sets; may be empty). */
    public static PictureQuantiser h264(byte[] extradata) {
        H264Headers headers = new H264Headers();
        if (extradata.length >= 7 && extradata[0] == 1) {
            PictureQuantiser q = new PictureQuantiser(headers, (extradata[4] & 3) + 1);
            q.readAvcC(extradata);
            return q;
        }
        PictureQuantiser q = new PictureQuantiser(headers, 0);
        q.qp(extradata, extradata.length); // keeps the parameter sets
        return q;
    }

    /** Whether this stream's pictures can have a QP at all. */
    public boolean reads() {
        return headers != null;
    }

    /**
     * Whether the last packet read ({@link #qp}) is an IDR picture: one after which no picture refers to any before
     * it, so that the picture next in decoding order refers to it alone.
     */
    public boolean idr() {
        return idr;
    }

    /** The QP of the packet's first slice, or {@link #UNKNOWN}; parameter sets in the packet are kept. */
    public int qp(AVPacket packet) {
        idr = false;
        if (headers == null || packet.data() == null) {
            return UNKNOWN;
        }
        int n = Math.min(packet.size(), WINDOW);
        packet.data().get(window, 0, n);
        return qp(window, n);
    }

    /** The same for the first {@code length} bytes of a packet. */
    public int qp(byte[] data, int length) {
        idr = false;
        if (headers == null) {
            return UNKNOWN;
        }
        int at = 0;
        while (at < length) {
            int start;
            int end;
            if (lengthSize > 0) {
                if (at + lengthSize > length) {
                    return UNKNOWN;
                }
                long size = 0;
                for (int i = 0; i < lengthSize; i++) {
                    size = (size << 8) | (data[at + i] & 0xFF);
                }
                start = at + lengthSize;
                end = (int) Math.min(length, start + size);
                at = (int) Math.min(Integer.MAX_VALUE, start + size);
            } else {
                start = startCode(data, at, length);
                if (start < 0) {
                    return UNKNOWN;
                }
                int next = startCode(data, start, length);
                end = next < 0 ? length : next - 3;
                at = next < 0 ? length : next - 3;
            }
            if (end > start) {
                int qp = nal(data, start, end - start);
                if (qp != NOT_A_SLICE) {
                    return qp; // the first slice decides: the picture's QP, or none
                }
            }
        }
        return UNKNOWN;
    }

    /** @return a slice's QP or UNKNOWN; NOT_A_SLICE for anything else (parameter sets are kept on the way) */
    private int nal(byte[] data, int offset, int size) {
        int header = data[offset] & 0xFF;
        int type = header & 0x1F;
        int refIdc = (header >> 5) & 3;
        idr = type == H264Headers.IDR_SLICE;
        try {
            switch (type) {
                case H264Headers.SPS -> headers.sequence(bits.reset(data, offset, size));
                case H264Headers.PPS -> headers.picture(bits.reset(data, offset, size));
                case H264Headers.NON_IDR_SLICE, H264Headers.IDR_SLICE -> {
                    return headers.sliceQp(bits.reset(data, offset, size), type, refIdc);
                }
                default -> {}
            }
        } catch (BitstreamException e) {
            return type == H264Headers.NON_IDR_SLICE || type == H264Headers.IDR_SLICE ? UNKNOWN : NOT_A_SLICE;
        }
        return NOT_A_SLICE;
    }

    /** The index just after the next {@code 00 00 01} at or after {@code from}, or -1. */
    private static int startCode(byte[] data, int from, int length) {
        for (int i = from; i + 2 < length; i++) {
            if ((data[i + 2] & 0xFF) > 1) {
                i += 2; // no start code can end at i + 2: skip ahead
                continue;
            }
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                return i + 3;
            }
        }
        return -1;
    }

    private void readAvcC(byte[] x) {
        int at = 5;
        for (int set = 0; set < 2; set++) {
            if (at >= x.length) {
                return;
            }
            int count = set == 0 ? x[at] & 0x1F : x[at] & 0xFF;
            at++;
            for (int i = 0; i < count; i++) {
                if (at + 2 > x.length) {
                    return;
                }
                int size = ((x[at] & 0xFF) << 8) | (x[at + 1] & 0xFF);
                at += 2;
                if (size == 0 || at + size > x.length) {
                    return;
                }
                nal(x, at, size);
                at += size;
            }
        }
    }
}
