package dev.vigil.worker.source;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Every URL a demuxer opens by itself (HLS and DASH playlists, variants, segments, keys) goes through the format
 * context's {@code io_open}; Vigil's replacement does two things before and after FFmpeg's own:
 * <ul>
 *   <li>refuses what the source may not reach ({@link SourcePolicy#allowsNestedOpen}: below http(s) only http(s),
 *       so a playlist cannot name {@code tcp://}, {@code file:} or another protocol the whitelist must keep for
 *       http itself);</li>
 *   <li>HLS: wraps each media segment's byte stream in a {@link TappedInput}, so the {@link ByteTap} sees the
 *       segments too ({@code io_close2} unwraps it). Playlists and keys are not wrapped. Each segment is a new
 *       byte stream for the tap ({@link ByteTap#onSegment}); continuity across segment boundaries is the manifest
 *       checks' business. The demuxer must not reuse an HTTP connection across segments (it would reach into the
 *       wrapped context), so {@code http_persistent} is off for HLS sources.</li>
 * </ul>
 */
final class NestedOpens {

    /** AVERROR(EPERM). */
    private static final int EPERM = -1;

    // one native thunk per callback class (JavaCPP allocates few), finding its source by context address
    private static final Map<Long, NestedOpens> BY_CONTEXT = new ConcurrentHashMap<>();
    private static final Map<Long, TappedInput> BY_WRAPPER = new ConcurrentHashMap<>();
    private static final Open OPEN = new Open();
    private static final Close CLOSE = new Close();
    private static volatile AVFormatContext.Io_open_AVFormatContext_PointerPointer_BytePointer_int_PointerPointer
            ffmpegOpen;
    private static volatile AVFormatContext.Io_close2_AVFormatContext_AVIOContext ffmpegClose;

    private final long context;
    private final Protocol protocol;
    private final String inputUrl;
    /** Null when segments are not tapped. */
    private final ByteTap tap;

    private volatile boolean overlapping;
    private int openSegments;

    private NestedOpens(long context, Protocol protocol, String inputUrl, ByteTap tap) {
        this.context = context;
        this.protocol = protocol;
        this.inputUrl = inputUrl;
        this.tap = tap;
    }

    /**
     * Checks every URL {@code ctx} opens by itself against the source, and routes HLS segments through {@code tap}
     * (null for none); call before avformat_open_input.
     */
    static NestedOpens install(AVFormatContext ctx, Protocol protocol, String inputUrl, ByteTap tap) {
        synchronized (NestedOpens.class) {
            if (ffmpegOpen == null) {
                ffmpegOpen = ctx.io_open(); // FFmpeg's defaults, the same functions for every context
                ffmpegClose = ctx.io_close2();
            }
        }
        if (tap != null) {
            tap.segmented();
        }
        NestedOpens taps = new NestedOpens(ctx.address(), protocol, inputUrl, tap);
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
            NestedOpens taps = s == null ? null : BY_CONTEXT.get(s.address());
            String nested = url == null ? null : url.getString();
            if (taps != null && !SourcePolicy.allowsNestedOpen(taps.protocol, taps.inputUrl, nested)) {
                return EPERM; // nothing is opened
            }
            int r = ffmpegOpen.call(s, pb, url, flags, options);
            if (r < 0 || taps == null || taps.tap == null || !isMediaSegment(nested)) {
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
            NestedOpens taps = s == null ? null : BY_CONTEXT.get(s.address());
            if (taps != null) {
                taps.closed();
            }
            AVIOContext inner = wrapped.inner();
            wrapped.closeWrapper();
            return ffmpegClose.call(s, inner);
        }
    }
}
