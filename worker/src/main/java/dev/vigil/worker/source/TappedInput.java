package dev.vigil.worker.source;

import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_READ;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FORCE;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avformat.avio_read_partial;
import static org.bytedeco.ffmpeg.global.avformat.avio_seek;
import static org.bytedeco.ffmpeg.global.avformat.avio_size;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A byte-stream input that the demuxer reads through Vigil: FFmpeg opens the protocol (file, http, udp, srt,
 * tcp) with the source's options and interrupt callback, and every chunk passes a {@link ByteTap} on its way
 * to the demuxer — one read, no copy, no second connection. An {@code rtp://} source is received as UDP and
 * its RTP headers are removed here ({@link RtpDepacketizer}), so the demuxer reads plain MPEG-TS.
 */
final class TappedInput implements AutoCloseable {

    /** At least one UDP datagram, so a partial read returns whole datagrams. */
    private static final int BUFFER_SIZE = 64 * 1024;

    // JavaCPP allocates few native thunks per callback class: one of each, shared, finds its input by opaque
    private static final Map<Long, TappedInput> INPUTS = new ConcurrentHashMap<>();
    private static final ReadCallback READ = new ReadCallback();
    private static final SeekCallback SEEK = new SeekCallback();

    private final IntPointer key = new IntPointer(1);
    private final AVIOContext inner;
    private final AVIOContext outer;
    private final RtpDepacketizer rtp;
    /** Whether closing this input closes the protocol too (not for a segment FFmpeg's HLS demuxer opened). */
    private final boolean ownsInner;

    private volatile ByteTap tap;
    private volatile long bytes;
    /** Offset in the input of the next byte delivered. */
    private long position;

    private TappedInput(AVIOContext inner, RtpDepacketizer rtp, ByteTap tap, boolean seekable, boolean ownsInner) {
        this.inner = inner;
        this.rtp = rtp;
        this.ownsInner = ownsInner;
        this.tap = tap;
        BytePointer buffer = new BytePointer(av_malloc(BUFFER_SIZE));
        this.outer = avio_alloc_context(buffer, BUFFER_SIZE, 0, key, READ, null, seekable ? SEEK : null);
        INPUTS.put(key.address(), this);
    }

    /**
     * Opens {@code protocolUrl} with FFmpeg.
     *
     * @param options consumed as FFmpeg consumes them: what is left afterwards was not understood
     * @return the input, or throws with FFmpeg's error code
     */
    static TappedInput open(
            String protocolUrl, AVDictionary options, AVIOInterruptCB interrupt, ByteTap tap, boolean rtpPayload)
            throws OpenFailed {
        AVIOContext inner = new AVIOContext(null);
        int err = avio_open2(inner, protocolUrl, AVIO_FLAG_READ, interrupt, options);
        if (err < 0) {
            throw new OpenFailed(err);
        }
        boolean seekable = !rtpPayload && inner.seekable() != 0;
        return new TappedInput(inner, rtpPayload ? new RtpDepacketizer() : null, tap, seekable, true);
    }

    /** Taps a byte stream FFmpeg opened itself; {@link #closeWrapper()} leaves it open for FFmpeg to close. */
    static TappedInput wrap(AVIOContext inner, ByteTap tap) {
        return new TappedInput(inner, null, tap, inner.seekable() != 0, false);
    }

    AVIOContext inner() {
        return inner;
    }

    /** The context to hand the demuxer as its {@code pb}. */
    AVIOContext context() {
        return outer;
    }

    /** Bytes delivered so far (after RTP headers are removed). */
    long bytesRead() {
        return bytes;
    }

    /** RTP packets found missing by sequence number, or 0 for other inputs. */
    long rtpPacketsLost() {
        return rtp == null ? 0 : rtp.lost();
    }

    @Override
    public void close() {
        closeWrapper();
        if (ownsInner) {
            avio_closep(inner);
        }
    }

    /** Frees what Vigil allocated, not the protocol's own context. */
    void closeWrapper() {
        INPUTS.remove(key.address());
        Pointer buffer = outer.buffer(); // FFmpeg may have replaced the buffer it was given
        if (buffer != null && !buffer.isNull()) {
            av_free(buffer);
        }
        outer.buffer(null);
        avio_context_free(outer);
        key.close();
    }

    private int read(BytePointer buf, int size) {
        int n;
        if (rtp != null) {
            long lostBefore = rtp.lost();
            n = rtp.read(inner, buf, size);
            if (rtp.lost() > lostBefore) {
                tap.onPacketsLost(rtp.lost() - lostBefore);
            }
        } else {
            n = avio_read_partial(inner, buf, size);
        }
        if (n == 0) {
            return AVERROR_EOF();
        }
        if (n > 0) {
            bytes += n;
            position += n;
            ByteTap t = tap;
            if (t != ByteTap.NONE) {
                try {
                    t.onBytes(buf.capacity(n).asByteBuffer());
                } catch (RuntimeException e) {
                    // an analyzer fault must never stop the stream: the input goes on without it
                    tap = ByteTap.NONE;
                }
            }
        }
        return n;
    }

    private long seek(long offset, int whence) {
        if ((whence & AVSEEK_SIZE) != 0) {
            return avio_size(inner);
        }
        long r = avio_seek(inner, offset, whence & ~AVSEEK_FORCE);
        if (r >= 0) {
            tap.onSeek(position, r);
            position = r;
        }
        return r;
    }

    /** FFmpeg could not open the protocol. */
    static final class OpenFailed extends Exception {
        final int code;

        OpenFailed(int code) {
            super("error " + code);
            this.code = code;
        }
    }

    private static final class ReadCallback extends Read_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer buf, int size) {
            TappedInput in = opaque == null ? null : INPUTS.get(opaque.address());
            return in == null ? AVERROR_EOF() : in.read(buf, size);
        }
    }

    private static final class SeekCallback extends Seek_Pointer_long_int {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            TappedInput in = opaque == null ? null : INPUTS.get(opaque.address());
            return in == null ? -1 : in.seek(offset, whence);
        }
    }
}
