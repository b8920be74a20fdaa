package dev.vigil.worker.source;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * HLS: the media segments the demuxer fetches pass the {@link ByteTap} too. FFmpeg opens every segment through
 * its format context's {@code io_open}; Vigil's replacement calls FFmpeg's own and wraps the segment's byte
 * stream in a {@link TappedInput}, and {@code io_close2} unwraps it. Playlists and keys are not wrapped. Each
 * segment starts a new byte stream for the tap ({@link ByteTap#onDiscontinuity}): segments are fetched one at a
 * time, and continuity across segment boundaries is the manifest checks' business. The demuxer must not reuse an
 * HTTP connection across segments (it would reach into the wrapped context), so {@code http_persistent} is off
 * for tapped HLS sources.
 */
final class SegmentTaps {

    // one native thunk per callback class (JavaCPP allocates few), finding its source by context address
    private static final Map<Long, SegmentTaps> BY_CONTEXT = new ConcurrentHashMap<>();
    private static final Map<Long, TappedInput> BY_WRAPPER = new ConcurrentHashMap<>();
    private static final Open OPEN = new Open();
    private static final Close CLOSE = new Close();
    private static volatile AVFormatContext.Io_open_AVFormatContext_PointerPointer_BytePointer_int_PointerPointer ffmpegOpen;
    private static volatile AVFormatContext.Io_close2_AVFormatContext_AVIOContext ffmpegClose;

    private final long context;
    private final ByteTap tap;
    private volatile boolean overlapping;
    private int openSegments;

    private SegmentTaps(long context, ByteTap tap) {
        this.context = context;
        this.tap = tap;
    }

    /** Routes the segments {@code ctx} opens through {@code tap}; call before avformat_open_input. */
    static SegmentTaps install(AVFormatContext ctx, ByteTap tap) {
        synchronized (SegmentTaps.class) {
            if (ffmpegOpen == null) {
                ffmpegOpen = ctx.io_open(); // FFmpeg's defaults, the same functions for every context
                ffmpegClose = ctx.io_close2();
            }
        }
        tap.segmented();
        SegmentTaps taps = new SegmentTaps(ctx.address(), tap);
        BY_CONTEXT.put(taps.context, taps);
        ctx.io_open(OPEN);
        ctx.io_close2(CLOSE);
        return taps;
    }

    /** After the format context is closed (its io_close2 calls are over). */
    void uninstall() {
        BY_CONTEXT.remove(context);
    }

    /** Playlists, keys and init sections are read by the demuxer for itself, not part of the stream's bytes. */
    static boolean isMediaSegment(String url) {
        String path = url.toLowerCase(Locale.ROOT);
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        return !(path.endsWith(".m3u8") || path.endsWith(".m3u") || path.endsWith(".key") || path.endsWith(".mpd"));
    }

    private synchronized AVIOContext wrap(AVIOContext inner) {
        if (++openSegments > 1) {
            overlapping = true; // two segment streams at once (separate audio renditions): bytes would interleave
        }
        TappedInput wrapped = TappedInput.wrap(inner, overlapping ? ByteTap.NONE : tap);
        BY_WRAPPER.put(wrapped.context().address(), wrapped);
        return wrapped.context();
    }

    private synchronized void closed() {
        openSegments--;
    }

    private static final class Open
            extends AVFormatContext.Io_open_AVFormatContext_PointerPointer_BytePointer_int_PointerPointer {
        @Override
        public int call(AVFormatContext s, PointerPointer pb, BytePointer url, int flags, PointerPointer options) {
            int r = ffmpegOpen.call(s, pb, url, flags, options);
            SegmentTaps taps = s == null ? null : BY_CONTEXT.get(s.address());
            if (r < 0 || taps == null || url == null || !isMediaSegment(url.getString())) {
                return r;
            }
            AVIOContext inner = new AVIOContext(pb.get(0));
            if (!taps.overlapping) {
                taps.tap.onSegment(); // a new segment: a new byte stream
            }
            pb.put(0, taps.wrap(inner));
            return r;
        }
    }

    private static final class Close extends AVFormatContext.Io_close2_AVFormatContext_AVIOContext {
        @Override
        public int call(AVFormatContext s, AVIOContext pb) {
            TappedInput wrapped = pb == null ? null : BY_WRAPPER.remove(pb.address());
            if (wrapped == null) {
                return ffmpegClose.call(s, pb);
            }
            SegmentTaps taps = s == null ? null : BY_CONTEXT.get(s.address());
            if (taps != null) {
                taps.closed();
            }
            AVIOContext inner = wrapped.inner();
            wrapped.closeWrapper();
            return ffmpegClose.call(s, inner);
        }
    }
}
