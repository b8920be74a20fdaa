package dev.vigil.worker.detect;

import dev.vigil.worker.media.AudioBlock;
import dev.vigil.worker.media.LumaSampling;
import dev.vigil.worker.media.VideoFeatures;

/**
 * A small stateful defect detector for one stream. It is fed, in media-time order and from one thread
 * at a time, with what the decoder derived once per frame ({@link VideoFeatures}) or per audio buffer
 * ({@link AudioBlock}), and reports defects to the {@link DefectSink} it was built with.
 * Detectors never see, or copy, full decoded frames.
 */
public interface Detector {

    DetectorName type();

    /** The downscaled luma images this detector wants in {@link VideoFeatures#images()}, or null for none. */
    default LumaSampling lumaSampling() {
        return null;
    }

    /** Work this detector needs done on the decode thread (raw bytes, packets), or null for none. */
    default StreamProbe probe() {
        return null;
    }

    default void onVideo(VideoFeatures frame) {}

    default void onAudio(AudioBlock block) {}

    /**
     * A video picture arrived at {@code ptsSec} that the decode profile (economy, keyframes) did not decode: media is
     * flowing, with nothing to look at. Called at most every half second.
     */
    default void onUndecodedVideo(double ptsSec) {}

    /** Live sources: the session clock reached {@code nowSec} while no media has arrived for a while. */
    default void onTick(double nowSec) {}

    /** Media ended at {@code endSec} (or analysis stopped): close whatever is still open. */
    void finish(double endSec);
}
