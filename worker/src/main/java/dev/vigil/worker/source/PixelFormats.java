package dev.vigil.worker.source;

import static org.bytedeco.ffmpeg.global.avutil.*;

import java.util.Set;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/** Which decoded pixel formats expose an 8-bit luma plane first, which Vigil reads in place. */
public final class PixelFormats {

    private static final Set<Integer> LUMA_FIRST_8BIT = Set.of(
            AV_PIX_FMT_YUV420P,
            AV_PIX_FMT_YUVJ420P,
            AV_PIX_FMT_YUV422P,
            AV_PIX_FMT_YUVJ422P,
            AV_PIX_FMT_YUV444P,
            AV_PIX_FMT_YUVJ444P,
            AV_PIX_FMT_YUV411P,
            AV_PIX_FMT_YUV440P,
            AV_PIX_FMT_YUVJ440P,
            AV_PIX_FMT_YUV410P,
            AV_PIX_FMT_YUVA420P,
            AV_PIX_FMT_NV12,
            AV_PIX_FMT_NV21,
            AV_PIX_FMT_GRAY8);

    private PixelFormats() {}

    /**
     * Common 8-bit YUV is read with no conversion at all; anything else (10-bit, RGB, palettes) is converted
     * to 8-bit grey by swscale — a cost paid only by those streams.
     */
    public static boolean isLumaFirst8Bit(int pixelFormat) {
        return LUMA_FIRST_8BIT.contains(pixelFormat);
    }

    public static String name(int pixelFormat) {
        BytePointer p = avutil.av_get_pix_fmt_name(pixelFormat);
        return p == null || p.isNull() ? "unknown" : p.getString();
    }

    public static String layoutName(int channels) {
        return switch (channels) {
            case 1 -> "mono";
            case 2 -> "stereo";
            case 6 -> "5.1";
            case 8 -> "7.1";
            default -> channels + " channels";
        };
    }
}
