package dev.vigil.worker.evidence;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close_dyn_buf;
import static org.bytedeco.ffmpeg.global.avformat.avio_open_dyn_buf;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import dev.vigil.worker.source.MediaKind;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * Writes captured packets into a clip in memory, without decoding or encoding anything (stream copy): the
 * packets' own bytes in a new container, timestamps shifted so that the clip starts at 0. FFmpeg's muxer adds
 * what the container needs (H.264 and HEVC from MP4-style sources are converted to Annex B for MPEG-TS).
 */
final class ClipMuxer {

    private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);

    private ClipMuxer() {}

    static byte[] mux(CapturedMedia media) throws EvidenceException {
        if (media.packets().isEmpty()) {
            throw new EvidenceException("no packets held for the clip");
        }
        StreamLayout layout = media.layout();
        AVFormatContext oc = new AVFormatContext(null);
        int err = avformat_alloc_output_context2(oc, null, layout.container().muxer, null);
        if (err < 0 || oc.isNull()) {
            throw new EvidenceException("no " + layout.container().muxer + " muxer (" + err + ")");
        }
        AVIOContext pb = new AVIOContext(null);
        boolean ioOpen = false;
        try {
            AVStream video = layout.video() == null ? null : stream(oc, layout.video());
            AVStream audio = layout.audio() == null ? null : stream(oc, layout.audio());
            check(avio_open_dyn_buf(pb), "cannot open a memory buffer");
            ioOpen = true;
            oc.pb(pb);
            AVDictionary options = new AVDictionary(null);
            check(avformat_write_header(oc, options), "the " + layout.container().muxer + " muxer refused the streams");
            long zeroMicros = firstTimestampMicros(media);
            for (RingPacket p : media.packets()) {
                AVStream out = p.kind() == MediaKind.VIDEO ? video : audio;
                StreamLayout.Track track = layout.track(p.kind());
                if (out == null || track == null) {
                    continue;
                }
                AVRational tb = new AVRational().num(track.timeBaseNum()).den(track.timeBaseDen());
                AVPacket pkt = p.av();
                long zero = av_rescale_q(zeroMicros, MICROS, tb);
                if (pkt.dts() == AV_NOPTS_VALUE) {
                    pkt.dts(
                            pkt.pts() != AV_NOPTS_VALUE
                                    ? pkt.pts()
                                    : av_rescale_q((long) (p.sec() * 1e6), MICROS, tb) + zero);
                }
                if (pkt.pts() == AV_NOPTS_VALUE) {
                    pkt.pts(pkt.dts());
                }
                pkt.pts(pkt.pts() - zero);
                pkt.dts(pkt.dts() - zero);
                pkt.stream_index(out.index());
                pkt.pos(-1);
                av_packet_rescale_ts(pkt, tb, out.time_base());
                // the muxer takes the packet's reference; a packet it refuses (e.g. a timestamp going back) is skipped
                av_interleaved_write_frame(oc, pkt);
            }
            check(av_interleaved_write_frame(oc, null), "cannot flush the muxer");
            check(av_write_trailer(oc), "cannot finish the clip");
            BytePointer buffer = new BytePointer((BytePointer) null);
            int size = avio_close_dyn_buf(oc.pb(), buffer);
            ioOpen = false;
            oc.pb(null);
            try {
                byte[] bytes = new byte[Math.max(0, size)];
                if (size > 0) {
                    buffer.capacity(size).get(bytes);
                }
                return bytes;
            } finally {
                av_free(buffer);
            }
        } finally {
            if (ioOpen) {
                BytePointer discard = new BytePointer((BytePointer) null);
                avio_close_dyn_buf(oc.pb(), discard);
                av_free(discard);
                oc.pb(null);
            }
            avformat_free_context(oc);
        }
    }

    private static AVStream stream(AVFormatContext oc, StreamLayout.Track track) throws EvidenceException {
        AVStream st = avformat_new_stream(oc, (AVCodec) null);
        if (st == null || st.isNull()) {
            throw new EvidenceException("cannot add a stream to the clip");
        }
        check(
                org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy(st.codecpar(), track.params()),
                "cannot copy codec parameters");
        st.codecpar().codec_tag(0);
        st.time_base().num(track.timeBaseNum()).den(track.timeBaseDen());
        return st;
    }

    /** The earliest decode time among the packets, in microseconds of the source clock: the clip's zero. */
    private static long firstTimestampMicros(CapturedMedia media) {
        long min = Long.MAX_VALUE;
        for (RingPacket p : media.packets()) {
            StreamLayout.Track t = media.layout().track(p.kind());
            long ts = p.av().dts() != AV_NOPTS_VALUE ? p.av().dts() : p.av().pts();
            if (t == null || ts == AV_NOPTS_VALUE) {
                continue;
            }
            min = Math.min(
                    min, av_rescale_q(ts, new AVRational().num(t.timeBaseNum()).den(t.timeBaseDen()), MICROS));
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    private static void check(int err, String what) throws EvidenceException {
        if (err < 0) {
            throw new EvidenceException(what + " (error " + err + ")");
        }
    }
}
