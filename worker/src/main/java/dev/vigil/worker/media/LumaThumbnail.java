package dev.vigil.worker.media;

/**
 * A downscaled luma plane: one cell per 8×8 block of the picture (the last column/row of cells covers
 * what is left when the size is not a multiple of 8). Each cell holds the mean of the luma samples it
 * covers, taken on every 2nd column and every 2nd row (even coordinates: 16 samples for a full cell),
 * in fixed point (value × {@link #SCALE}) so that averaging does not round away small differences.
 * For a full cell the stored value is exactly the sum of its 16 samples.
 *
 * <p>The array belongs to this thumbnail (a fresh one per frame); consumers must not modify it.
 */
public record LumaThumbnail(int width, int height, int[] cells) {
    public static final int SCALE = 16;
    /** Picture pixels per cell side. */
    public static final int CELL = 8;

    /** Mean luma of a cell in 8-bit units. */
    public double mean(int x, int y) {
        return cells[y * width + x] / (double) SCALE;
    }

    /** Fixed-point value (mean × {@link #SCALE}) of a cell. */
    public int cell(int x, int y) {
        return cells[y * width + x];
    }
}
