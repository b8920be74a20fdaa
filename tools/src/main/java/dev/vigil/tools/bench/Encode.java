package dev.vigil.tools.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A broadcast-style test encode: testsrc2 with temporal grain (fresh noise on every picture, as camera and film
 * content has), IBBP GOPs (two B-frames between references, none of them referenced: no B-pyramid), closed GOPs of
 * about a second (one H.264 encode also with 2 s), fixed (no scene cuts), with 48 kHz stereo audio. Made with {@link SystemFfmpeg}.
 *
 * @param label     what the tables call it
 * @param codec     what the decoder is (h264, hevc, mpeg2video)
 * @param width     picture width
 * @param height    picture height (frame height for interlaced video)
 * @param frameRate frames per second (25 for 1080i25: 50 fields)
 * @param video     the encoder arguments
 * @param audio     the audio encoder arguments
 */
record Encode(
        String label,
        String codec,
        int width,
        int height,
        int frameRate,
        boolean interlaced,
        List<String> video,
        List<String> audio) {

    static final int GRAIN = 6;

    private static final List<String> AAC = List.of("-c:a", "aac", "-b:a", "128k");

    /** H.264 (x264), IBBP, GOP 24. */
    static Encode h264(String label, int w, int h, int fps, boolean interlaced, String bitrate) {
        return h264(label, w, h, fps, interlaced, bitrate, 24);
    }

    /** H.264 (x264), IBBP, a GOP of {@code gop} pictures (a multiple of 3). */
    static Encode h264(String label, int w, int h, int fps, boolean interlaced, String bitrate, int gop) {
        List<String> v = new ArrayList<>(List.of(
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-b:v",
                bitrate,
                "-maxrate",
                bitrate,
                "-bufsize",
                bitrate,
                "-g",
                Integer.toString(gop),
                "-bf",
                "2",
                "-x264-params",
                "b-pyramid=none:scenecut=0:open-gop=0:keyint=" + gop + ":min-keyint=" + gop
                        + (interlaced ? ":tff=1" : ""),
                "-pix_fmt",
                "yuv420p"));
        if (interlaced) {
            v.addAll(List.of("-flags", "+ildct+ilme"));
        }
        return new Encode(label, "h264", w, h, fps, interlaced, v, AAC);
    }

    /** H.264 (x264) without B-frames (IPPP, as low-latency and contribution encoders make it), GOP 24. */
    static Encode h264WithoutBFrames(String label, int w, int h, int fps, String bitrate) {
        return new Encode(
                label,
                "h264",
                w,
                h,
                fps,
                false,
                List.of(
                        "-c:v",
                        "libx264",
                        "-preset",
                        "veryfast",
                        "-b:v",
                        bitrate,
                        "-maxrate",
                        bitrate,
                        "-bufsize",
                        bitrate,
                        "-g",
                        "24",
                        "-bf",
                        "0",
                        "-x264-params",
                        "scenecut=0:keyint=24:min-keyint=24",
                        "-pix_fmt",
                        "yuv420p"),
                AAC);
    }

    /** HEVC (x265), IBBP, GOP 24; 8 or 10 bits. */
    static Encode hevc(String label, int w, int h, int fps, boolean tenBit, String bitrate) {
        return new Encode(
                label,
                "hevc",
                w,
                h,
                fps,
                false,
                List.of(
                        "-c:v",
                        "libx265",
                        "-preset",
                        "superfast",
                        "-b:v",
                        bitrate,
                        "-x265-params",
                        "bframes=2:b-pyramid=0:b-adapt=0:keyint=24:min-keyint=24:scenecut=0"
                                + ":open-gop=0:sao=1:log-level=error",
                        "-pix_fmt",
                        tenBit ? "yuv420p10le" : "yuv420p"),
                AAC);
    }

    /** MPEG-2 video, IBBP, GOP 12 (N=12, M=3: the classic broadcast GOP), MP2 audio. */
    static Encode mpeg2(String label, int w, int h, int fps, boolean interlaced, String bitrate) {
        List<String> v = new ArrayList<>(List.of(
                "-c:v",
                "mpeg2video",
                "-b:v",
                bitrate,
                "-maxrate",
                bitrate,
                "-bufsize",
                bitrate,
                "-g",
                "12",
                "-bf",
                "2",
                "-sc_threshold",
                "1000000000",
                "-pix_fmt",
                "yuv420p"));
        if (interlaced) {
            v.addAll(List.of("-flags", "+ildct+ilme", "-top", "1"));
        }
        return new Encode(label, "mpeg2video", w, h, fps, interlaced, v, List.of("-c:a", "mp2", "-b:a", "192k"));
    }

    /** The lavfi source: progressive frames, or fields woven into interlaced frames. */
    String source() {
        int rate = interlaced ? frameRate * 2 : frameRate;
        String s = "testsrc2=size=" + width + "x" + height + ":rate=" + rate + ",noise=alls=" + GRAIN + ":allf=t";
        return interlaced ? s + ",tinterlace=mode=interleave_top,setfield=tff" : s;
    }

    /** Stream units of this encode (1 = 720p25). */
    double units() {
        return width * (double) height * frameRate / (1280.0 * 720 * 25);
    }
}
