package dev.vigil.worker.media;

import java.util.List;

/**
 * What the decode thread derives once from a decoded picture, for every video detector to share.
 * Small compared with the frame (1/64 of the luma samples): it is what crosses from the decode thread to the
 * detector pool, never the frame. It shares no mutable state with the {@link FrameAnalyzer} that made it.
 *
 * @param ptsSec    media time of the frame, seconds from the first decoded frame
 * @param width     full picture width
 * @param height    full picture height
 * @param thumbnail downscaled luma plane (see {@link LumaThumbnail})
 * @param blocking  blocking measurement, or null when this frame was not sampled for it
 * @param images    downscaled luma images for ML detectors ({@link LumaSampling}); empty on frames not sampled
 * @param decode    what the decoder knew about the picture: damage flags, key picture, picture type
 */
public record VideoFeatures(
        double ptsSec,
        int width,
        int height,
        LumaThumbnail thumbnail,
        BlockingMeasure blocking,
        List<LumaImage> images,
        DecodeFacts decode) {

    /**
     * @param errors {@code dev.vigil.worker.decode.DecodeErrors} bits, 0 for a clean picture
     * @param key    the picture depends on no other
     * @param type   FFmpeg's picture type letter (I, P, B, '?')
     * @param full   the picture is what full decoding shows (not a picture of economy or keyframes decoding, whose
     *               missing loop filter changes coding-artefact measures)
     */
    public record DecodeFacts(int errors, boolean key, char type, boolean full) {

        public static final DecodeFacts CLEAN = new DecodeFacts(0, false, '?', true);

        public DecodeFacts(int errors, boolean key, char type) {
            this(errors, key, type, true);
        }

        public boolean damaged() {
            return errors != 0;
        }
    }

    public VideoFeatures {
        images = List.copyOf(images);
    }

    public VideoFeatures(
            double ptsSec,
            int width,
            int height,
            LumaThumbnail thumbnail,
            BlockingMeasure blocking,
            List<LumaImage> images) {
        this(ptsSec, width, height, thumbnail, blocking, images, DecodeFacts.CLEAN);
    }

    public VideoFeatures(double ptsSec, int width, int height, LumaThumbnail thumbnail, BlockingMeasure blocking) {
        this(ptsSec, width, height, thumbnail, blocking, List.of());
    }

    /** The same features at another time (a picture judged before the session's clock placed it). */
    public VideoFeatures at(double sec) {
        return new VideoFeatures(sec, width, height, thumbnail, blocking, images, decode);
    }

    public VideoFeatures withDecode(DecodeFacts facts) {
        return new VideoFeatures(ptsSec, width, height, thumbnail, blocking, images, facts);
    }

    /**
     * The same features without the measures of coding artefacts (the blocking measurement, images for models):
     * for a picture that is not what full decoding shows, on which they do not hold.
     */
    public VideoFeatures withoutCodingMeasures() {
        return blocking == null && images.isEmpty()
                ? this
                : new VideoFeatures(ptsSec, width, height, thumbnail, null, List.of(), decode);
    }

    /** The image of this size, or null when this frame carries none. */
    public LumaImage image(int w, int h) {
        for (LumaImage i : images) {
            if (i.width() == w && i.height() == h) {
                return i;
            }
        }
        return null;
    }
}
