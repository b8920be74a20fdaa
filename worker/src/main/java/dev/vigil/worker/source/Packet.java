package dev.vigil.worker.source;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * The packet the source demuxed last, of its video or audio stream. A view over FFmpeg's packet: valid until
 * the next {@link MediaSource#read()}; whoever needs it longer copies it.
 */
public final class Packet {

    /** No timestamp. */
    public static final long NO_TIME = Long.MIN_VALUE;

    private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);

    private final AVPacket av;
    private MediaKind kind;
    private AVRational timeBase;

    Packet(AVPacket av) {
        this.av = av;
    }

    Packet of(MediaKind kind, AVRational timeBase) {
        this.kind = kind;
        this.timeBase = timeBase;
        return this;
    }

    public MediaKind kind() {
        return kind;
    }

    /** Presentation time in microseconds of the stream's own clock, or {@link #NO_TIME}. */
    public long ptsMicros() {
        return micros(av.pts());
    }

    /** Decoding time in microseconds of the stream's own clock, or {@link #NO_TIME}. */
    public long dtsMicros() {
        return micros(av.dts());
    }

    /** Duration in microseconds, 0 when the demuxer does not know it. */
    public long durationMicros() {
        return av.duration() > 0 ? org.bytedeco.ffmpeg.global.avutil.av_rescale_q(av.duration(), timeBase, MICROS) : 0;
    }

    public int size() {
        return av.size();
    }

    public boolean isKey() {
        return (av.flags() & AV_PKT_FLAG_KEY) != 0;
    }

    /** The demuxer saw this packet damaged in transport (e.g. an MPEG-TS continuity error inside it). */
    public boolean isCorrupt() {
        return (av.flags() & AV_PKT_FLAG_CORRUPT) != 0;
    }

    /** FFmpeg's packet, for the decoder and for copies; do not keep it. */
    public AVPacket av() {
        return av;
    }

    public AVRational timeBase() {
        return timeBase;
    }

    private long micros(long ts) {
        return ts == AV_NOPTS_VALUE ? NO_TIME : org.bytedeco.ffmpeg.global.avutil.av_rescale_q(ts, timeBase, MICROS);
    }
}
