package dev.vigil.worker.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONKEY;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;

import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;

/**
 * How much of a video stream is decoded. {@code FULL} decodes every picture; {@code ECONOMY} skips pictures no
 * other picture refers to (most B-frames of broadcast encodes) and the loop filter; {@code KEYFRAMES} decodes
 * only pictures that depend on no other. A stream whose every picture is referenced (an encode without B-frames)
 * has nothing for economy to skip but the loop filter, which saves little there and makes the pictures drift from
 * what the encoder predicted from: economy decodes such a stream in full ({@link #apply(AVCodecContext, boolean)}).
 * Skipped pictures never reach the analysis: detectors see fewer, unevenly spaced pictures and judge time, not frame
 * counts.
 */
public enum DecodeProfile {
    FULL(AVDISCARD_DEFAULT, AVDISCARD_DEFAULT),
    ECONOMY(AVDISCARD_NONREF, AVDISCARD_ALL),
    KEYFRAMES(AVDISCARD_NONKEY, AVDISCARD_ALL);

    private final int skipFrame;
    private final int skipLoopFilter;

    DecodeProfile(int skipFrame, int skipLoopFilter) {
        this.skipFrame = skipFrame;
        this.skipLoopFilter = skipLoopFilter;
    }

    /** Sets the decoder's skip options; may be called between packets to switch profile on the fly. */
    public void apply(AVCodecContext ctx) {
        apply(ctx, false);
    }

    /** @param everyPictureReferenced the stream has no pictures that nothing refers to (no B-frames) */
    public void apply(AVCodecContext ctx, boolean everyPictureReferenced) {
        ctx.skip_frame(skipFrame);
        ctx.skip_loop_filter(exact(everyPictureReferenced) ? AVDISCARD_DEFAULT : skipLoopFilter);
    }

    /** Whether the pictures it decodes are exactly what full decoding shows. */
    public boolean exact(boolean everyPictureReferenced) {
        return this == FULL || (this == ECONOMY && everyPictureReferenced);
    }

    /** The API's name for this profile ({@code WorkerPool.spec.decode.profile}). */
    public dev.vigil.api.v1alpha1.DecodeProfile api() {
        return dev.vigil.api.v1alpha1.DecodeProfile.valueOf(name());
    }

    public static DecodeProfile of(dev.vigil.api.v1alpha1.DecodeProfile api) {
        return valueOf(api.name());
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code full}, {@code economy} or {@code keyframes}. */
    public static DecodeProfile parse(String name) {
        for (DecodeProfile p : values()) {
            if (p.wireName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown decode profile '" + name + "' (known: full, economy, keyframes)");
    }
}
