package dev.vigil.api.v1alpha1;

/**
 * The cost of a stream in <em>stream units</em>, the unit of {@code WorkerPool.spec.capacity}: one unit is
 * a 1280×720 stream at 25 frames per second, and a stream costs in proportion to the pixels it decodes
 * per second. 1080p25 = 2.25 units, 1080p50 = 4.5, 2160p50 = 18, 576i25 (720×576) = 0.45.
 */
public final class StreamUnits {

    /** Pixels per second of one unit: 1280 × 720 × 25. */
    public static final double PIXELS_PER_SECOND_PER_UNIT = 1280.0 * 720.0 * 25.0;
    /** A stream without video (decoding and measuring audio is cheap). */
    public static final double AUDIO_ONLY = 0.05;
    /** A stream whose format is not known yet (not connected so far): counted as one unit until it is. */
    public static final double UNKNOWN = 1.0;

    private StreamUnits() {
    }

    /** Units of a video stream of the given size and frame rate. */
    public static double of(int width, int height, double fps) {
        if (width <= 0 || height <= 0 || !(fps > 0)) {
            throw new IllegalArgumentException("width, height and fps must be positive: " + width + "x" + height
                    + "@" + fps);
        }
        return width * (double) height * fps / PIXELS_PER_SECOND_PER_UNIT;
    }
}
