package dev.vigil.api.v1alpha1;

/**
 * The cost of a stream in <em>stream units</em>, the unit of {@code WorkerPool.spec.capacity}: one unit is
 * a 1280×720 stream at 25 frames per second, and a stream costs in proportion to the pixels it decodes
 * per second. 1080p25 = 2.25 units, 1080p50 = 4.5, 2160p50 = 18, 576i25 (720×576) = 0.45.
 *
 * <p>A stream decoded in economy or keyframes costs a share of that ({@link #share}), measured by {@code vigil bench}
 * on broadcast-style encodes (IBBP GOPs of about a second, H.264 and HEVC, 720p50 to 1080p25) as the whole worker's
 * CPU (decode, analysis, audio, detectors) against full decoding, rounded up. Content that has no pictures to skip
 * (no B-frames, all-intra) saves less: economy then skips only the loop filter (see docs/performance.md).
 * Pools that escalate keep {@link #ESCALATION_RESERVE} of each worker's capacity free for streams switched to full
 * decoding while a suspected defect is measured.
 */
public final class StreamUnits {

    /** Pixels per second of one unit: 1280 × 720 × 25. */
    public static final double PIXELS_PER_SECOND_PER_UNIT = 1280.0 * 720.0 * 25.0;
    /** A stream without video (decoding and measuring audio is cheap). */
    public static final double AUDIO_ONLY = 0.05;
    /** A stream whose format is not known yet (not connected so far): counted as one unit until it is. */
    public static final double UNKNOWN = 1.0;

    /** Share of a worker's capacity kept free for escalations in pools that decode less than everything. */
    public static final double ESCALATION_RESERVE = 0.2;

    private StreamUnits() {}

    /** What a stream costs in this profile, as a share of its full-decoding units. */
    public static double share(DecodeProfile profile) {
        return switch (profile) {
            case FULL -> 1.0;
            case ECONOMY -> 0.5;
            case KEYFRAMES -> 0.2;
        };
    }

    /** Units of a video stream decoded in {@code profile}. */
    public static double of(int width, int height, double fps, DecodeProfile profile) {
        return of(width, height, fps) * share(profile);
    }

    /** Units of a video stream of the given size and frame rate. */
    public static double of(int width, int height, double fps) {
        if (width <= 0 || height <= 0 || !(fps > 0)) {
            throw new IllegalArgumentException(
                    "width, height and fps must be positive: " + width + "x" + height + "@" + fps);
        }
        return width * (double) height * fps / PIXELS_PER_SECOND_PER_UNIT;
    }
}
