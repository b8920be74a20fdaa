package dev.vigil.worker.media;

import java.nio.ByteBuffer;

/**
 * When to make one size of {@link LumaImage} on the decode thread: at most once per {@code interval} of media
 * time. With {@code withPrevious} a sample is a pair of consecutive frames: the frame that falls due is only
 * downscaled and kept, and the next decoded frame becomes the sample with it attached as its previous frame.
 * This costs two downscales per sample whatever the frame rate, and needs no guess of when the next frame
 * comes (the stream's frame rate may vary).
 */
final class LumaImageSchedule {

    final LumaDownscaler downscaler;
    double interval;
    boolean withPrevious;
    private double next = Double.NEGATIVE_INFINITY;
    private LumaImage pendingPrevious;

    LumaImageSchedule(LumaDownscaler downscaler, double interval, boolean withPrevious) {
        this.downscaler = downscaler;
        this.interval = interval;
        this.withPrevious = withPrevious;
    }

    boolean sameSize(LumaSampling r) {
        return downscaler.outWidth() == r.width() && downscaler.outHeight() == r.height();
    }

    /** Another request of the same size: the highest rate wins, and a previous frame is kept if anyone asks. */
    void merge(LumaSampling r) {
        interval = Math.min(interval, 1.0 / r.perSecond());
        withPrevious |= r.withPrevious();
    }

    /** The sample this frame yields, or null (not due, or only kept as the next sample's previous frame). */
    LumaImage sample(ByteBuffer plane, int stride, int width, int height, double ptsSec) {
        if (pendingPrevious != null) {
            LumaImage before = pendingPrevious;
            pendingPrevious = null;
            // the schedule counts from the sample, not from the frame before it: with uneven frame intervals the
            // samples stay at least one interval apart, as the detector that asked for them expects
            next = ptsSec + interval;
            return downscaler.downscale(plane, stride, width, height).withPrevious(before);
        }
        if (!FrameAnalyzer.due(ptsSec, next, interval)) {
            return null;
        }
        next = ptsSec + interval;
        LumaImage image = downscaler.downscale(plane, stride, width, height);
        if (withPrevious) {
            pendingPrevious = image;
            return null;
        }
        return image;
    }
}
