package dev.vigil.worker.media;

/**
 * Blocking artifact strength measured on one frame on the 8×8 coding grid (which also covers 16×16
 * macroblock edges). See {@link FrameAnalyzer} for how it is measured.
 *
 * @param score            about 1 for clean content (grid lines look like any other position), larger
 *                         for visible block edges; below 1 when edges fall between grid lines
 * @param boundaryGradient mean (floored, capped, grid-consistent) luma step across grid lines, 8-bit levels,
 *                         over the active sample positions
 * @param innerGradient    the same measured half-way between grid lines
 * @param activeFraction   fraction of sample positions with any visible gradient (0..1); flat pictures
 *                         are near 0 and then score 1
 */
public record BlockingMeasure(double score, double boundaryGradient, double innerGradient, double activeFraction) {

    /** What a picture too small or too flat to judge measures: neutral. */
    public static final BlockingMeasure NEUTRAL = new BlockingMeasure(1.0, 0, 0, 0);

    public BlockingMeasure(double score) {
        this(score, 0, 0, 0);
    }
}
