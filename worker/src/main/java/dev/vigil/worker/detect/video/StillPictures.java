package dev.vigil.worker.detect.video;

import dev.vigil.worker.media.LumaThumbnail;

/**
 * The freeze detector's own judgement of a still picture, with its default limits, for whoever must tell a still
 * picture outside the detector: escalation's suspicions judge two key pictures in a row with it, so that a stream
 * decoded in keyframes escalates whenever the freeze detector would see the pair still.
 */
public final class StillPictures {

    private final StillBlocks blocks = new StillBlocks(
            FreezeDetector.DEFAULTS.threshold(FreezeDetector.BLOCK_CHANGE) * 255,
            FreezeDetector.DEFAULTS.threshold(FreezeDetector.DETAIL_CHANGE) * 255,
            FreezeDetector.CENTRE_TOLERANCE);
    private final double movingArea = FreezeDetector.DEFAULTS.threshold(FreezeDetector.MOVING_AREA);

    /**
     * @param unfiltered decoded without the loop filter (judged with wider limits, as the detector does)
     * @return whether the picture is still against the one that began the current still run (false for the first)
     */
    public boolean still(LumaThumbnail thumb, boolean unfiltered) {
        StillBlocks.Change change = blocks.compare(thumb, unfiltered);
        boolean still = change != null && change.centreQuiet() && change.movingArea() <= movingArea;
        blocks.settle(thumb, still);
        return still;
    }
}
