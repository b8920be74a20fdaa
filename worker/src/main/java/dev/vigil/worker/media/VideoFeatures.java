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
 */
public record VideoFeatures(double ptsSec, int width, int height, LumaThumbnail thumbnail, BlockingMeasure blocking,
                            List<LumaImage> images) {

    public VideoFeatures {
        images = List.copyOf(images);
    }

    public VideoFeatures(double ptsSec, int width, int height, LumaThumbnail thumbnail, BlockingMeasure blocking) {
        this(ptsSec, width, height, thumbnail, blocking, List.of());
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
