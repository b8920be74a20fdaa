package dev.vigil.worker.source;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One connection to a source through FFmpeg: open with a deadline, then hand out the packets of one video and
 * one audio stream ({@link #read()}) for the decoders. Every blocking call is bounded: FFmpeg's own timeouts
 * first, and an interrupt callback, installed before the first connection is made, that aborts a call which
 * outlives its deadline or an {@link #abort()} from another thread.
 *
 * <p>Byte-stream protocols (file, progressive http, udp, rtp, srt, tcp) are read through a {@link TappedInput},
 * so the {@link ByteTap} given here (the transport-stream analyzer) sees every byte once; HLS, DASH, RTMP and
 * RTSP are opened by their demuxers, which the tap does not see into.
 */
public final class MediaSource implements AutoCloseable {

    static {
        // decoders report damage through frame flags, which Vigil reads; their log lines would only be noise
        av_log_set_level(AV_LOG_FATAL);
    }

    /** Extra time the open gets beyond the open timeout before the caller stops waiting for it. */
    private static final long OPEN_GRACE_MS = 2_000;

    private final String url;
    private final Protocol protocol;
    private final SourceOptions options;
    private final ByteTap tap;
    private final IntPointer interruptToken = new IntPointer(1);

    private volatile boolean aborted;
    private volatile long deadlineNanos;
    private AVFormatContext oc;
    private TappedInput tapped;
    private NestedOpens nested;
    private FfmpegInput input;
    private AVPacket avPacket;
    private Packet packet;
    private AVStream video;
    private AVStream audio;
    private boolean live;
    private boolean closed;
    private volatile CompletableFuture<Void> opening;

    public MediaSource(String url, SourceOptions options) {
        this(url, options, ByteTap.NONE);
    }

    public MediaSource(String url, SourceOptions options, ByteTap tap) {
        this.url = url;
        this.protocol = Protocol.of(url);
        this.options = options;
        this.tap = tap;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** Live sources have no known end: a drop is a stall to recover from, not the end of the media. */
    public boolean isLive() {
        return live;
    }

    /** Whether the {@link ByteTap} sees this source's bytes: byte-stream protocols, and the segments of HLS. */
    public boolean isTapped() {
        return protocol.isByteStream() || protocol == Protocol.HLS;
    }

    /**
     * Connects and probes the stream.
     *
     * @throws SourceException with a one-line reason when the source cannot be opened in time
     */
    public StreamFacts open() throws SourceException {
        // the source policy: the URL FFmpeg opens and every option it gets (the protocol whitelist, the worker's
        // timeouts over the source's own) come from SourcePolicy.input, which refuses what the policy does not allow
        input = options.policy().input(url, options);
        InterruptRegistry.register(
                interruptToken, () -> aborted || (deadlineNanos != 0 && System.nanoTime() > deadlineNanos));
        deadlineNanos = System.nanoTime() + options.openTimeout().toNanos();
        opening = CompletableFuture.runAsync(
                () -> {
                    try {
                        openNow();
                    } catch (SourceException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                },
                runnable -> newDaemon(runnable, "vigil-open").start());
        // the interrupt callback normally ends a hung open; this bounds the rest (DNS, stubborn demuxers)
        long waitMs = options.openTimeout().toMillis() + OPEN_GRACE_MS;
        try {
            opening.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            aborted = true;
            opening.whenComplete((ok, err) -> release());
            throw new SourceException("cannot open " + redacted() + ": no answer within "
                    + options.openTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            release();
            Throwable cause = e.getCause() instanceof IllegalStateException ise && ise.getCause() != null
                    ? ise.getCause()
                    : e.getCause();
            throw cause instanceof SourceException se
                    ? se
                    : new SourceException("cannot open " + redacted() + ": " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            aborted = true;
            opening.whenComplete((ok, err) -> release());
            throw new SourceException("interrupted while opening " + redacted());
        } finally {
            deadlineNanos = 0;
        }
        return facts();
    }

    private void openNow() throws SourceException {
        AVFormatContext ctx = avformat_alloc_context();
        ctx.interrupt_callback().opaque(interruptToken);
        ctx.interrupt_callback().callback(InterruptRegistry.callback());
        AVDictionary dict = dictionary(input.options());
        String ffmpegUrl = protocol.ffmpegUrl(input.url());
        try {
            if (protocol.isByteStream()) {
                AVDictionary protocolDict = dictionary(input.options());
                try {
                    tapped = TappedInput.open(
                            ffmpegUrl, protocolDict, ctx.interrupt_callback(), tap, protocol == Protocol.RTP);
                } catch (TappedInput.OpenFailed e) {
                    avformat_free_context(ctx);
                    throw new SourceException("cannot open " + redacted() + ": " + ErrorMessages.explain(e.code));
                } finally {
                    av_dict_free(protocolDict);
                }
                ctx.pb(tapped.context());
            }
            if (protocol == Protocol.HLS || protocol == Protocol.DASH || protocol == Protocol.HTTP) {
                nested = NestedOpens.install(
                        ctx, protocol, input.url(), protocol == Protocol.HLS && tap != ByteTap.NONE ? tap : null);
            }
            // with a tapped input the name is only a probing hint; RTP arrives as plain TS by then
            String name = protocol == Protocol.RTP ? "" : ffmpegUrl;
            int err = avformat_open_input(ctx, name, null, dict);
            if (err < 0) {
                // avformat_open_input frees the context on failure (not a custom pb)
                throw new SourceException("cannot open " + redacted() + ": " + ErrorMessages.explain(err));
            }
            oc = ctx;
        } finally {
            av_dict_free(dict);
        }
        if (aborted) {
            throw new SourceException("cannot open " + redacted() + ": stopped");
        }
        int err = avformat_find_stream_info(oc, (PointerPointer<?>) null);
        if (err < 0) {
            throw new SourceException("cannot read " + redacted() + ": " + ErrorMessages.explain(err) + diagnosis());
        }
        video = bestStream(AVMEDIA_TYPE_VIDEO);
        audio = bestStream(AVMEDIA_TYPE_AUDIO);
        if (video == null && audio == null) {
            throw new SourceException("cannot read " + redacted() + ": no audio or video stream" + diagnosis());
        }
        for (int i = 0; i < oc.nb_streams(); i++) {
            AVStream st = oc.streams(i);
            if (st.index() != (video == null ? -1 : video.index())
                    && st.index() != (audio == null ? -1 : audio.index())) {
                st.discard(avcodec.AVDISCARD_ALL); // nobody decodes it: let the demuxer drop it
            }
        }
        avPacket = avcodec.av_packet_alloc();
        packet = new Packet(avPacket);
        // a file has an end even when its container does not say how long it is (raw H.264, a cut recording)
        live = protocol.isAlwaysLive()
                || (protocol != Protocol.FILE && (oc.duration() <= 0 || oc.duration() == avutil.AV_NOPTS_VALUE));
    }

    /** What the byte tap can add to a failed open, as " (…)", or nothing. */
    private String diagnosis() {
        String d = tap.diagnosis();
        return d == null ? "" : " (" + d + ")";
    }

    private AVStream bestStream(int type) {
        int index = av_find_best_stream(oc, type, -1, -1, (AVCodec) null, 0);
        if (index < 0) {
            return null;
        }
        AVStream st = oc.streams(index);
        if ((st.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0) {
            return null; // cover art of an audio file is not a video
        }
        AVCodecParameters par = st.codecpar();
        if (avcodec.avcodec_find_decoder(par.codec_id()) == null) {
            return null; // no decoder in this build: treated as absent, like a stream FFmpeg cannot use
        }
        if (type == AVMEDIA_TYPE_VIDEO && (par.width() <= 0 || par.height() <= 0) && !protocol.isAlwaysLive()) {
            // a file's probe reads far enough to find the size of any video it can decode; a live stream joined
            // between key pictures far apart (a long-GOP contribution feed) has its size only with the next one,
            // which the decoder finds in the stream itself
            return null;
        }
        return st;
    }

    /** The stream of this kind, or null when the source has none. */
    public AVStream stream(MediaKind kind) {
        return kind == MediaKind.VIDEO ? video : audio;
    }

    /**
     * Demuxes the next packet of the video or audio stream. The packet is reused by the next call.
     *
     * @return the packet, or null at the end of the media (or after {@link #abort()})
     * @throws SourceException when no data arrived within the read timeout or the input cannot be read
     */
    public Packet read() throws SourceException {
        if (aborted) {
            return null;
        }
        deadlineNanos = System.nanoTime() + options.readTimeout().toNanos();
        try {
            while (true) {
                avcodec.av_packet_unref(avPacket);
                int err = av_read_frame(oc, avPacket);
                if (aborted) {
                    return null;
                }
                if (err == AVERROR_EAGAIN()) {
                    continue;
                }
                if (err == AVERROR_EOF) {
                    return null;
                }
                if (err < 0) {
                    if (deadlineNanos != 0 && System.nanoTime() > deadlineNanos) {
                        throw new SourceException("no data from " + redacted() + " for "
                                + options.readTimeout().toSeconds() + " s");
                    }
                    throw new SourceException("cannot read " + redacted() + ": " + ErrorMessages.explain(err));
                }
                int index = avPacket.stream_index();
                if (video != null && index == video.index()) {
                    return packet.of(MediaKind.VIDEO, video.time_base());
                }
                if (audio != null && index == audio.index()) {
                    return packet.of(MediaKind.AUDIO, audio.time_base());
                }
            }
        } finally {
            deadlineNanos = 0;
        }
    }

    /** Bytes read from the input so far, or -1 where the protocol does not count them (e.g. RTSP). */
    public long bytesRead() {
        if (tapped != null) {
            return tapped.bytesRead();
        }
        AVIOContext pb = oc == null ? null : oc.pb();
        return pb == null || pb.isNull() ? -1 : pb.bytes_read();
    }

    /** RTP sources: packets found missing by sequence number; 0 otherwise. */
    public long rtpPacketsLost() {
        return tapped == null ? 0 : tapped.rtpPacketsLost();
    }

    /** Makes a blocked call return promptly; safe from any thread. */
    public void abort() {
        aborted = true;
    }

    public StreamFacts facts() {
        boolean hasVideo = video != null;
        boolean hasAudio = audio != null;
        AVCodecParameters v = hasVideo ? video.codecpar() : null;
        AVCodecParameters a = hasAudio ? audio.codecpar() : null;
        int channels = hasAudio ? a.ch_layout().nb_channels() : 0;
        return new StreamFacts(
                oc.iformat().name().getString(),
                hasVideo ? avcodec_get_name(v.codec_id()).getString() : null,
                hasVideo ? v.width() : 0,
                hasVideo ? v.height() : 0,
                hasVideo ? round2(frameRate(video)) : 0,
                hasVideo ? PixelFormats.name(v.format()) : null,
                hasAudio ? avcodec_get_name(a.codec_id()).getString() : null,
                hasAudio ? a.sample_rate() : 0,
                channels,
                hasAudio ? PixelFormats.layoutName(channels) : null,
                oc.bit_rate() > 0 ? oc.bit_rate() : 0,
                live ? 0 : Math.max(0, oc.duration() / 1e6));
    }

    /**
     * Closes the connection; safe to call more than once and from any thread. An open still in progress (one
     * that outlived its deadline) is aborted and releases what it made when it returns.
     */
    @Override
    public void close() {
        aborted = true;
        CompletableFuture<Void> o = opening;
        if (o == null || o.isDone()) {
            release();
        }
    }

    private synchronized void release() {
        aborted = true;
        if (closed) {
            return;
        }
        closed = true;
        if (avPacket != null) {
            avcodec.av_packet_free(avPacket);
            avPacket = null;
        }
        if (oc != null) {
            avformat_close_input(oc); // leaves a custom pb alone
            oc = null;
        }
        if (nested != null) {
            nested.uninstall();
            nested = null;
        }
        if (tapped != null) {
            tapped.close();
            tapped = null;
        }
        InterruptRegistry.unregister(interruptToken);
    }

    /** The URL with any credentials removed, for messages and logs. */
    public String redacted() {
        return Redaction.redact(url);
    }

    private static double frameRate(AVStream st) {
        var r = st.avg_frame_rate();
        if (r.num() <= 0 || r.den() <= 0) {
            r = st.r_frame_rate();
        }
        return r.num() > 0 && r.den() > 0 ? (double) r.num() / r.den() : 0;
    }

    private static AVDictionary dictionary(Map<String, String> options) {
        AVDictionary d = new AVDictionary(null);
        for (Map.Entry<String, String> e : options.entrySet()) {
            av_dict_set(d, e.getKey(), e.getValue(), 0);
        }
        return d;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static Thread newDaemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
