package dev.vigil.operator.scheduling;

/**
 * Cost of decoding a stream, in stream units: a 1280x720 stream at 25 fps is one unit. Decoding work grows
 * with pixels per second, so cost is proportional to width x height x fps.
 */
public final class StreamCost {

    /** The cost assumed when the stream's format is not known yet. */
    public static final double DEFAULT_UNITS = 1.0;

    private static final double REFERENCE_PIXEL_RATE = 1280.0 * 720.0 * 25.0;

    private StreamCost() {
    }

    /** Units for a stream; any value that is not positive (unknown) gives {@link #DEFAULT_UNITS}. */
    public static double units(int width, int height, double fps) {
        if (width <= 0 || height <= 0 || !(fps > 0) || Double.isInfinite(fps)) {
            return DEFAULT_UNITS;
        }
        return (double) width * height * fps / REFERENCE_PIXEL_RATE;
    }
}
