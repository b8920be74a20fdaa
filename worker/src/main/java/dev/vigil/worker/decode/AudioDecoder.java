package dev.vigil.worker.decode;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import dev.vigil.worker.source.Packet;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes one audio stream to planar float on the caller's thread: the decoder's own planes when it already
 * produces planar float (AAC, AC-3, E-AC-3, Opus via FFmpeg's float decoders), a swresample conversion of the
 * sample format otherwise (MP2, PCM); the sample rate and channels are kept as they are.
 */
public final class AudioDecoder implements AutoCloseable {

    private final AVCodecContext ctx;
    private final AVFrame frame = av_frame_alloc();
    private final AVRational timeBase;
    private final AVRational micros = new AVRational().num(1).den(1_000_000);
    private final Pcm pcm = new Pcm();
    private long nextPtsMicros = Long.MIN_VALUE;
    private long refusedPackets;

    private SwrContext swr;
    private int swrFormat = -1;
    private int swrRate;
    private int swrChannels;
    private FloatPointer[] converted = new FloatPointer[0];
    private int convertedCapacity;
    private PointerPointer<FloatPointer> convertedPlanes;

    /**
     * @throws DecoderException when this build has no decoder for the stream or it cannot be opened
     */
    public AudioDecoder(AVStream stream) throws DecoderException {
        AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
        if (codec == null) {
            throw new DecoderException(
                    "no decoder for audio codec " + stream.codecpar().codec_id());
        }
        ctx = avcodec_alloc_context3(codec);
        avcodec_parameters_to_context(ctx, stream.codecpar());
        ctx.pkt_timebase(stream.time_base());
        ctx.thread_count(1);
        ctx.request_sample_fmt(AV_SAMPLE_FMT_FLTP);
        int err = avcodec_open2(ctx, codec, (PointerPointer<?>) null);
        if (err < 0) {
            avcodec_free_context(ctx);
            av_frame_free(frame);
            throw new DecoderException("cannot open the " + codec.name().getString() + " decoder (error " + err + ")");
        }
        timeBase = stream.time_base();
    }

    public void send(Packet packet) {
        send(packet.av());
    }

    /** The media ended: let the decoder give up what it still holds. */
    public void drain() {
        send((AVPacket) null);
    }

    private void send(AVPacket p) {
        if (avcodec_send_packet(ctx, p) < 0 && p != null) {
            refusedPackets++;
        }
    }

    /** Packets the decoder refused as invalid so far. */
    public long refusedPackets() {
        return refusedPackets;
    }

    /** The next decoded block, or null when the decoder needs more packets. */
    public Pcm receive() {
        while (avcodec_receive_frame(ctx, frame) >= 0) {
            int channels = frame.ch_layout().nb_channels();
            int length = frame.nb_samples();
            int rate = frame.sample_rate();
            if (channels <= 0 || length <= 0 || rate <= 0) {
                continue;
            }
            pcm.set(channels, length, rate, ptsMicros(length, rate));
            if (frame.format() == AV_SAMPLE_FMT_FLTP) {
                for (int c = 0; c < channels; c++) {
                    pcm.plane(
                            c,
                            new FloatPointer(frame.extended_data(c))
                                    .capacity(length)
                                    .asBuffer());
                }
            } else if (!convert(channels, length, rate)) {
                continue;
            }
            return pcm;
        }
        return null;
    }

    private long ptsMicros(int length, int rate) {
        long ts = frame.best_effort_timestamp();
        long pts = ts == AV_NOPTS_VALUE
                ? (nextPtsMicros == Long.MIN_VALUE ? 0 : nextPtsMicros)
                : avutil.av_rescale_q(ts, timeBase, micros);
        nextPtsMicros = pts + 1_000_000L * length / rate;
        return pts;
    }

    private boolean convert(int channels, int length, int rate) {
        if (swr == null || frame.format() != swrFormat || rate != swrRate || channels != swrChannels) {
            freeSwr();
            SwrContext s = new SwrContext(null);
            int err = swresample.swr_alloc_set_opts2(
                    s, frame.ch_layout(), AV_SAMPLE_FMT_FLTP, rate, frame.ch_layout(), frame.format(), rate, 0, null);
            if (err < 0 || swresample.swr_init(s) < 0) {
                swresample.swr_free(s);
                return false;
            }
            swr = s;
            swrFormat = frame.format();
            swrRate = rate;
            swrChannels = channels;
        }
        if (converted.length < channels || convertedCapacity < length) {
            freeBuffers();
            converted = new FloatPointer[channels];
            convertedCapacity = Math.max(length, 4096);
            convertedPlanes = new PointerPointer<>(channels);
            for (int c = 0; c < channels; c++) {
                converted[c] = new FloatPointer(convertedCapacity);
                convertedPlanes.put(c, converted[c]);
            }
        }
        int out = swresample.swr_convert(swr, convertedPlanes, convertedCapacity, frame.extended_data(), length);
        if (out <= 0) {
            return false;
        }
        pcm.set(channels, out, rate, pcm.ptsMicros());
        for (int c = 0; c < channels; c++) {
            pcm.plane(c, converted[c].capacity(out).asBuffer());
        }
        return true;
    }

    private void freeSwr() {
        if (swr != null) {
            swresample.swr_free(swr);
            swr = null;
        }
    }

    private void freeBuffers() {
        for (FloatPointer p : converted) {
            if (p != null) {
                p.close();
            }
        }
        if (convertedPlanes != null) {
            convertedPlanes.close();
        }
    }

    @Override
    public void close() {
        avcodec_free_context(ctx);
        av_frame_free(frame);
        freeSwr();
        freeBuffers();
    }
}
