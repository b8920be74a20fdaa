package dev.vigil.worker.source;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * One connection to a source through FFmpeg: open with a deadline, then hand out decoded frames in the
 * decoder's native pixel format (no colour conversion) and audio as planar float. Every blocking call is
 * bounded: FFmpeg's own timeouts first, and an interrupt callback that aborts a read which outlives the
 * read timeout or a {@link #abort()} from another thread.
 */
public final class MediaSource implements AutoCloseable {

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegLogCallback.setLevel(avutil.AV_LOG_QUIET);
    }

    private final String url;
    private final Protocol protocol;
    private final SourceOptions options;
    private final IntPointer interruptToken = new IntPointer(1);

    private volatile boolean aborted;
    private volatile long readDeadlineNanos;
    private FFmpegFrameGrabber grabber;
    private boolean live;

    public MediaSource(String url, SourceOptions options) {
        this.url = url;
        this.protocol = Protocol.of(url);
        this.options = options;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** Live sources have no known end: a drop is a stall to recover from, not the end of the media. */
    public boolean isLive() {
        return live;
    }

    /**
     * Connects and probes the stream.
     *
     * @throws SourceException with a one-line reason when the source cannot be opened in time
     */
    public StreamFacts open() throws SourceException {
        // --- source policy: the URL FFmpeg opens and every option it gets (protocol whitelist, the worker's
        // timeouts over the source's own) come from SourcePolicy.input, which refuses what the policy does not allow
        FfmpegInput input = options.policy().input(url, options);
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(input.url());
        g.setOptions(input.options());
        // --- end of source policy
        g.setImageMode(FrameGrabber.ImageMode.RAW);
        g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
        g.setSampleFormat(AV_SAMPLE_FMT_FLTP);
        g.setVideoOption("threads", "1");
        CompletableFuture<Void> start = CompletableFuture.runAsync(() -> {
            try {
                // not start(): it holds a JVM-wide lock for the whole open, so one slow source would block
                // every other session's open; avcodec_open2 has been thread-safe since FFmpeg 4
                g.startUnsafe();
            } catch (FrameGrabber.Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, runnable -> newDaemon(runnable, "vigil-open").start());
        // FFmpeg's own timeouts normally end a hung open; this bounds the rest (e.g. DNS, stubborn peers)
        long waitMs = options.openTimeout().toMillis() + 2_000;
        try {
            start.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            aborted = true;
            start.whenComplete((ok, err) -> releaseQuietly(g));
            throw new SourceException("cannot open " + redacted() + ": no answer within "
                    + options.openTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            releaseQuietly(g);
            throw new SourceException("cannot open " + redacted() + ": " + reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            releaseQuietly(g);
            throw new SourceException("interrupted while opening " + redacted());
        }
        grabber = g;
        if (!g.hasVideo() && !g.hasAudio()) {
            close();
            throw new SourceException("cannot read " + redacted() + ": no audio or video stream");
        }
        installInterrupt(g.getFormatContext());
        PixelFormats.ensureLumaReadable(g);
        live = protocol.isAlwaysLive() || g.getLengthInTime() <= 0;
        return facts();
    }

    /**
     * Decodes the next frame: video frames carry the native luma plane in {@code image[0]}, audio frames
     * planar float samples. The frame and its buffers are reused by the next call.
     *
     * @return the frame, or null at the end of the media (or after {@link #abort()})
     * @throws SourceException when no data arrived within the read timeout or the input is corrupt
     */
    public Frame next() throws SourceException {
        if (aborted) {
            return null;
        }
        readDeadlineNanos = System.nanoTime() + options.readTimeout().toNanos();
        try {
            Frame frame = grabber.grabFrame(true, true, true, false, false);
            if (frame == null && !aborted && System.nanoTime() > readDeadlineNanos) {
                throw new SourceException("no data from " + redacted() + " for "
                        + options.readTimeout().toSeconds() + " s");
            }
            return aborted ? null : frame;
        } catch (FrameGrabber.Exception e) {
            if (aborted) {
                return null;
            }
            throw new SourceException("cannot read " + redacted() + ": " + reason(e));
        } finally {
            readDeadlineNanos = 0;
        }
    }

    /** Bytes read from the input so far, or -1 where the protocol does not count them (e.g. RTSP). */
    public long bytesRead() {
        AVFormatContext oc = grabber == null ? null : grabber.getFormatContext();
        AVIOContext pb = oc == null ? null : oc.pb();
        return pb == null ? -1 : pb.bytes_read();
    }

    /** Makes a blocked {@link #next()} return promptly; safe from any thread. */
    public void abort() {
        aborted = true;
    }

    public StreamFacts facts() {
        FFmpegFrameGrabber g = grabber;
        boolean video = g.hasVideo();
        boolean audio = g.hasAudio();
        AVFormatContext oc = g.getFormatContext();
        return new StreamFacts(
                g.getFormat(),
                video ? g.getVideoCodecName() : null,
                video ? g.getImageWidth() : 0,
                video ? g.getImageHeight() : 0,
                video ? round2(g.getVideoFrameRate()) : 0,
                video ? PixelFormats.name(g.getPixelFormat()) : null,
                audio ? g.getAudioCodecName() : null,
                audio ? g.getSampleRate() : 0,
                audio ? g.getAudioChannels() : 0,
                audio ? PixelFormats.layoutName(g.getAudioChannels()) : null,
                oc != null && oc.bit_rate() > 0 ? oc.bit_rate() : 0,
                live ? 0 : Math.max(0, g.getLengthInTime() / 1e6));
    }

    @Override
    public void close() {
        aborted = true;
        FFmpegFrameGrabber g = grabber;
        grabber = null;
        if (g != null) {
            releaseQuietly(g);
        }
        InterruptRegistry.unregister(interruptToken);
    }

    /** The URL with any user:password removed, for messages and logs. */
    public String redacted() {
        return Redaction.redact(url);
    }

    private void installInterrupt(AVFormatContext oc) {
        // every input, files included (source policy): a read that outlives the read timeout is aborted
        if (oc == null) {
            return;
        }
        InterruptRegistry.register(interruptToken,
                () -> aborted || (readDeadlineNanos != 0 && System.nanoTime() > readDeadlineNanos));
        oc.interrupt_callback().opaque(interruptToken);
        oc.interrupt_callback().callback(InterruptRegistry.callback());
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return ErrorMessages.explain(msg);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void releaseQuietly(FFmpegFrameGrabber g) {
        try {
            // not release(): it holds the same JVM-wide lock as start(), so one close stuck in a network read
            // (up to the read timeout, or longer in a demuxer that ignores the interrupt) would stall every other
            // session's close, and with it every failed open that has to release its half-open grabber
            g.releaseUnsafe();
        } catch (Exception | Error ignored) {
            // releasing a half-open grabber may fail; nothing else to do
        }
    }

    private static Thread newDaemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
