package dev.vigil.worker.evidence;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import dev.vigil.worker.source.MediaKind;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The picture of a defect as a JPEG: decodes the captured video packets from the last key packet before the wanted
 * time (at most a GOP) up to the first picture at or after it — on the capture thread, with a decoder of its own, so the stream's decoder
 * is never asked for anything — scales it down to at most {@code maxWidth} (display aspect kept) and encodes that
 * one picture with FFmpeg's MJPEG encoder.
 */
final class ThumbnailEncoder {

    private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);
    /** MJPEG quantiser: 2 (best) to 31; 4 looks clean at thumbnail size and stays small (20–60 KB at 640 px). */
    private static final int QUALITY = 4;

    private ThumbnailEncoder() {}

    static byte[] encode(CapturedMedia media, int maxWidth) throws EvidenceException {
        StreamLayout.Track track = media.layout().video();
        if (track == null || !media.hasVideoPackets()) {
            throw new EvidenceException("no video to take a picture from");
        }
        AVFrame picture = decodeAt(media, track);
        try {
            return jpeg(picture, maxWidth);
        } finally {
            av_frame_free(picture);
        }
    }

    /** The first picture at or after the media's thumbnail time, or the last one decoded when none is that late. */
    private static AVFrame decodeAt(CapturedMedia media, StreamLayout.Track track) throws EvidenceException {
        AVCodec codec = avcodec_find_decoder(track.params().codec_id());
        if (codec == null) {
            throw new EvidenceException(
                    "no decoder for video codec " + track.params().codec_id());
        }
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        AVFrame best = av_frame_alloc();
        boolean handedOver = false;
        try {
            avcodec_parameters_to_context(ctx, track.params());
            AVRational tb = new AVRational().num(track.timeBaseNum()).den(track.timeBaseDen());
            ctx.pkt_timebase(tb);
            ctx.thread_count(1);
            if (avcodec_open2(ctx, codec, (PointerPointer<?>) null) < 0) {
                throw new EvidenceException("cannot open the " + codec.name().getString() + " decoder");
            }
            Target target = new Target(tb, media.thumbnailSec());
            boolean any = false;
            int from = lastKeyAtOrBefore(media);
            for (int i = from; i < media.packets().size(); i++) {
                RingPacket p = media.packets().get(i);
                if (p.kind() != MediaKind.VIDEO) {
                    continue;
                }
                target.learn(p);
                avcodec_send_packet(ctx, p.av());
                Drained d = drain(ctx, frame, best, target);
                any |= d != Drained.NOTHING;
                if (d == Drained.REACHED) {
                    handedOver = true;
                    return best;
                }
            }
            avcodec_send_packet(ctx, (AVPacket) null);
            any |= drain(ctx, frame, best, target) != Drained.NOTHING;
            if (!any) {
                throw new EvidenceException("no picture could be decoded from the captured packets");
            }
            handedOver = true;
            return best;
        } finally {
            avcodec_free_context(ctx);
            av_frame_free(frame);
            if (!handedOver) {
                av_frame_free(best);
            }
        }
    }

    /**
     * Where decoding starts: the last video key packet at or before the wanted time (decoding at most one GOP),
     * else the first video packet.
     */
    private static int lastKeyAtOrBefore(CapturedMedia media) {
        int from = -1;
        for (int i = 0; i < media.packets().size(); i++) {
            RingPacket p = media.packets().get(i);
            if (p.kind() == MediaKind.VIDEO && p.key()) {
                if (p.sec() > media.thumbnailSec() && from >= 0) {
                    break;
                }
                if (from < 0 || p.sec() <= media.thumbnailSec()) {
                    from = i;
                }
            }
        }
        return Math.max(from, 0);
    }

    private enum Drained {
        NOTHING,
        PICTURES,
        REACHED
    }

    /** Keeps the newest picture the decoder gives; stops at the first one at or after the wanted time. */
    private static Drained drain(AVCodecContext ctx, AVFrame frame, AVFrame best, Target target) {
        Drained state = Drained.NOTHING;
        while (avcodec_receive_frame(ctx, frame) >= 0) {
            av_frame_unref(best);
            av_frame_move_ref(best, frame);
            state = Drained.PICTURES;
            if (target.reachedBy(best)) {
                return Drained.REACHED;
            }
        }
        return state;
    }

    /** The wanted time, and how the source's timestamps map to the session timeline (learnt from a packet). */
    private static final class Target {
        private final AVRational tb;
        private final double wantSec;
        private double offsetSec = Double.NaN;

        Target(AVRational tb, double wantSec) {
            this.tb = tb;
            this.wantSec = wantSec;
        }

        void learn(RingPacket p) {
            if (Double.isNaN(offsetSec) && p.av().pts() != AV_NOPTS_VALUE) {
                offsetSec = p.sec() - av_rescale_q(p.av().pts(), tb, MICROS) / 1e6;
            }
        }

        boolean reachedBy(AVFrame f) {
            long ts = f.best_effort_timestamp();
            if (ts == AV_NOPTS_VALUE || Double.isNaN(offsetSec)) {
                return false; // no time to compare: the last picture decoded stands in
            }
            return av_rescale_q(ts, tb, MICROS) / 1e6 + offsetSec >= wantSec - 1e-3;
        }
    }

    private static byte[] jpeg(AVFrame src, int maxWidth) throws EvidenceException {
        int sw = src.width();
        int sh = src.height();
        double sar =
                src.sample_aspect_ratio().num() > 0 && src.sample_aspect_ratio().den() > 0
                        ? (double) src.sample_aspect_ratio().num()
                                / src.sample_aspect_ratio().den()
                        : 1.0;
        double displayWidth = sw * sar;
        int w = even(Math.min(maxWidth, (int) Math.round(displayWidth)));
        int h = even((int) Math.round(w * sh / displayWidth));
        AVCodec mjpeg = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
        if (mjpeg == null) {
            throw new EvidenceException("this FFmpeg build has no JPEG encoder");
        }
        AVCodecContext enc = avcodec_alloc_context3(mjpeg);
        AVFrame scaled = av_frame_alloc();
        AVPacket out = av_packet_alloc();
        SwsContext sws = null;
        try {
            scaled.width(w).height(h).format(AV_PIX_FMT_YUVJ420P);
            if (av_frame_get_buffer(scaled, 0) < 0) {
                throw new EvidenceException("out of memory for a " + w + "x" + h + " picture");
            }
            sws = swscale.sws_getContext(
                    sw, sh, src.format(), w, h, AV_PIX_FMT_YUVJ420P, swscale.SWS_BICUBIC, null, null, (double[]) null);
            if (sws == null || sws.isNull()) {
                throw new EvidenceException("cannot scale pixel format " + src.format());
            }
            swscale.sws_scale(sws, src.data(), src.linesize(), 0, sh, scaled.data(), scaled.linesize());
            enc.width(w).height(h).pix_fmt(AV_PIX_FMT_YUVJ420P).color_range(AVCOL_RANGE_JPEG);
            enc.time_base().num(1).den(25);
            enc.flags(enc.flags() | AV_CODEC_FLAG_QSCALE);
            enc.global_quality(QUALITY * FF_QP2LAMBDA);
            if (avcodec_open2(enc, mjpeg, (PointerPointer<?>) null) < 0) {
                throw new EvidenceException("cannot open the JPEG encoder");
            }
            scaled.quality(QUALITY * FF_QP2LAMBDA);
            scaled.pts(0);
            if (avcodec_send_frame(enc, scaled) < 0
                    || avcodec_send_frame(enc, null) < 0
                    || avcodec_receive_packet(enc, out) < 0) {
                throw new EvidenceException("the JPEG encoder refused the picture");
            }
            byte[] bytes = new byte[out.size()];
            out.data().capacity(out.size()).get(bytes);
            return bytes;
        } finally {
            if (sws != null) {
                swscale.sws_freeContext(sws);
            }
            av_packet_free(out);
            av_frame_free(scaled);
            avcodec_free_context(enc);
        }
    }

    private static int even(int v) {
        return Math.max(2, v & ~1);
    }
}
