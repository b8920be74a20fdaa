package dev.vigil.worker.media;

/**
 * A downscaled luma plane: each cell holds the mean of the full-resolution luma samples it covers,
 * in fixed point (value × {@link #SCALE}) so that averaging does not round away small differences.
 */
public record LumaThumbnail(int width, int height, int[] cells) {
    public static final int SCALE = 16;

    /** Mean luma of a cell in 8-bit units. */
    public double mean(int x, int y) {
        return cells[y * width + x] / (double) SCALE;
    }
}
