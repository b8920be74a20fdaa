package dev.vigil.operator.scheduling;

import dev.vigil.api.v1alpha1.DecodeProfile;
import dev.vigil.api.v1alpha1.StreamUnits;
import dev.vigil.api.v1alpha1.spec.DecodeSpec;

/**
 * Cost of decoding a stream, in stream units: a 1280x720 stream at 25 fps is one unit. Decoding work grows
 * with pixels per second, so cost is proportional to width x height x fps. A pool that decodes less than every
 * picture ({@code spec.decode.profile} economy or keyframes) charges each monitor a measured {@link #share} of its
 * units and keeps a {@link #reserve} of each worker free for escalations to full decoding.
 */
public final class StreamCost {

    /** The cost assumed when the stream's format is not known yet. */
    public static final double DEFAULT_UNITS = 1.0;

    private static final double REFERENCE_PIXEL_RATE = 1280.0 * 720.0 * 25.0;

    private StreamCost() {}

    /** The share of a monitor's units it costs in a pool decoding this way ({@link StreamUnits#share}). */
    public static double share(DecodeSpec decode) {
        return StreamUnits.share(decode == null ? DecodeProfile.FULL : decode.profileOrDefault());
    }

    /** The share of each worker kept for escalations: only pools that decode less than everything and escalate. */
    public static double reserve(DecodeSpec decode) {
        return decode != null && decode.escalates() ? StreamUnits.ESCALATION_RESERVE : 0;
    }

    /** Units for a stream; any value that is not positive (unknown) gives {@link #DEFAULT_UNITS}. */
    public static double units(int width, int height, double fps) {
        if (width <= 0 || height <= 0 || !(fps > 0) || Double.isInfinite(fps)) {
            return DEFAULT_UNITS;
        }
        return (double) width * height * fps / REFERENCE_PIXEL_RATE;
    }
}
