package dev.vigil.worker.detect.video;

import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.media.LumaThumbnail;

/**
 * The freeze detector's judgement of a still picture ({@link StillBlocks} against the picture that began the still
 * run, the programme area quiet, little of the picture moving). The detector judges with its own settings;
 * escalation's suspicions judge key pictures with the detector's defaults ({@link #withDefaults}), so that a stream
 * decoded in keyframes escalates whenever the freeze detector would see two key pictures in a row still.
 */
public final class StillPictures {

    private final StillBlocks blocks;
    private final double movingArea;
    private double lastMovingArea;

    StillPictures(DetectorSettings settings) {
        this.blocks = new StillBlocks(
                settings.threshold(FreezeDetector.BLOCK_CHANGE) * 255,
                settings.threshold(FreezeDetector.DETAIL_CHANGE) * 255,
                FreezeDetector.CENTRE_TOLERANCE);
        this.movingArea = settings.threshold(FreezeDetector.MOVING_AREA);
    }

    /** With the freeze detector's default limits. */
    public static StillPictures withDefaults() {
        return new StillPictures(FreezeDetector.DEFAULTS);
    }

    /**
     * @param unfiltered decoded without the loop filter (judged with wider limits)
     * @return whether the picture is still against the one that began the current still run (false for the first)
     */
    public boolean still(LumaThumbnail thumb, boolean unfiltered) {
        StillBlocks.Change change = blocks.compare(thumb, unfiltered);
        boolean still = change != null && change.centreQuiet() && change.movingArea() <= movingArea;
        lastMovingArea = change == null ? 0 : change.movingArea();
        blocks.settle(thumb, still);
        return still;
    }

    /** Share of the picture that moved in the last picture judged. */
    double movingArea() {
        return lastMovingArea;
    }
}
