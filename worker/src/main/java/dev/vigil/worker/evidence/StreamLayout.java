package dev.vigil.worker.evidence;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;

import dev.vigil.worker.source.MediaKind;
import dev.vigil.worker.source.MediaSource;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * The streams of one connection as a clip needs them: a private copy of each stream's codec parameters and time
 * base (the source frees its own when it closes), and the container the clip goes into — MPEG-TS when it takes
 * every codec (H.264, HEVC, MPEG-2, AAC, MP2, AC-3 ...), Matroska otherwise. Whoever holds one closes it.
 */
final class StreamLayout implements AutoCloseable {

    /** A stream's parameters and time base. */
    record Track(AVCodecParameters params, int timeBaseNum, int timeBaseDen) {}

    private final Track video;
    private final Track audio;
    private final Container container;
    private boolean closed;

    /** Where a clip goes: the muxer's name and the object key's extension. */
    enum Container {
        MPEG_TS("mpegts", "ts", "video/mp2t"),
        MATROSKA("matroska", "mkv", "video/x-matroska");

        final String muxer;
        final String extension;
        final String contentType;

        Container(String muxer, String extension, String contentType) {
            this.muxer = muxer;
            this.extension = extension;
            this.contentType = contentType;
        }
    }

    private StreamLayout(Track video, Track audio) {
        this.video = video;
        this.audio = audio;
        this.container =
                fitsTransportStream(video) && fitsTransportStream(audio) ? Container.MPEG_TS : Container.MATROSKA;
    }

    static StreamLayout of(MediaSource source) {
        return new StreamLayout(track(source.stream(MediaKind.VIDEO)), track(source.stream(MediaKind.AUDIO)));
    }

    /** Another copy, for a capture that outlives the connection. */
    StreamLayout copy() {
        return new StreamLayout(copy(video), copy(audio));
    }

    Track video() {
        return video;
    }

    Track audio() {
        return audio;
    }

    Track track(MediaKind kind) {
        return kind == MediaKind.VIDEO ? video : audio;
    }

    Container container() {
        return container;
    }

    private static Track track(AVStream stream) {
        if (stream == null) {
            return null;
        }
        return copyOf(
                stream.codecpar(), stream.time_base().num(), stream.time_base().den());
    }

    private static Track copy(Track t) {
        return t == null ? null : copyOf(t.params(), t.timeBaseNum(), t.timeBaseDen());
    }

    private static Track copyOf(AVCodecParameters from, int num, int den) {
        AVCodecParameters params = avcodec_parameters_alloc();
        if (params == null || avcodec_parameters_copy(params, from) < 0) {
            throw new IllegalStateException("out of memory copying codec parameters");
        }
        return new Track(params, num, den);
    }

    /** The codecs FFmpeg's MPEG-TS muxer maps to a stream type (it has no query of its own). */
    private static final Set<String> TRANSPORT_STREAM_CODECS = Set.of(
            "h264",
            "hevc",
            "mpeg2video",
            "mpeg1video",
            "mpeg4",
            "vc1",
            "dirac",
            "cavs",
            "aac",
            "aac_latm",
            "mp2",
            "mp3",
            "ac3",
            "eac3",
            "dts",
            "truehd",
            "opus",
            "s302m");

    private static boolean fitsTransportStream(Track t) {
        return t == null
                || TRANSPORT_STREAM_CODECS.contains(
                        avcodec.avcodec_get_name(t.params().codec_id()).getString());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (video != null) {
            avcodec_parameters_free(video.params());
        }
        if (audio != null) {
            avcodec_parameters_free(audio.params());
        }
    }
}
