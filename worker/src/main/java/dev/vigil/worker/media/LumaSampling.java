package dev.vigil.worker.media;

/**
 * A request for downscaled luma images ({@link LumaImage}) of {@code width}×{@code height}, made on the decode
 * thread at most {@code perSecond} times per media second: what an ML detector asks the {@link FrameAnalyzer}.
 *
 * @param withPrevious also attach the image of the frame decoded just before each sampled one
 *                     ({@link LumaImage#previous()}), for a temporal model
 */
public record LumaSampling(int width, int height, double perSecond, boolean withPrevious) {

    public LumaSampling(int width, int height, double perSecond) {
        this(width, height, perSecond, false);
    }

    public LumaSampling {
        if (width <= 0 || height <= 0 || !(perSecond > 0)) {
            throw new IllegalArgumentException("bad luma sampling " + width + "x" + height + " at " + perSecond + "/s");
        }
    }
}
