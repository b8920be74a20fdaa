package dev.vigil.worker.detect.video;

import dev.vigil.worker.media.LumaThumbnail;

/**
 * Which parts of the picture changed since it last moved, judged in blocks of {@value #SIZE}×{@value #SIZE}
 * thumbnail cells (32×32 pixels): the freeze detector's measure.
 *
 * <p>Each frame is compared with the <em>reference</em>, the frame that started the current still run. A block
 * changed when the mean of its cells moved by more than {@code meanLimit} levels (the picture shifted there: a
 * subject, a change of light, a smooth pan) or when its cells moved on average by more than {@code detailLimit}
 * levels (texture sliding along under a steady mean). A cell is already the mean of 16 samples and a block of 256,
 * so noise that is fresh in every pixel and frame shrinks 16-fold in a block's mean and 4-fold in a cell: grain of
 * σ 4 levels per pixel changes a block's mean by 0.35 levels (σ, frame against frame) and a cell by 1.4, against
 * limits of 1.5 and 3 (on average over the block's cells) by default.
 * Changes that really happen do not shrink, and against the run's first frame they add up.
 *
 * <p>Blocks wholly inside the {@link ProgrammeArea} are counted apart, and compared first: channel graphics move
 * outside it, and a picture whose programme moves is known after a few rows.
 * One per stream, used from one thread.
 */
final class StillBlocks {

    static final int SIZE = 4;
    static final double UNFILTERED_LIMIT_SCALE = 1.5;
    static final double UNFILTERED_TOLERANCE = 0.02;

    /**
     * What changed in a frame, counted in blocks. {@code centreQuiet} says whether the programme area stayed within
     * its tolerance; when it did not, the count stopped there ({@code changed} is then a lower bound): a moving
     * picture is known as soon as its programme area is.
     */
    record Change(int changed, int blocks, int centreChanged, boolean centreQuiet) {

        /** Share of the picture (of its blocks) that changed. */
        double movingArea() {
            return blocks == 0 ? 0 : changed / (double) blocks;
        }
    }

    private final int meanLimit;
    private final int detailLimit;
    private final double centreTolerance;

    private int width = -1;
    private int height = -1;
    private int blocksWide;
    private int blocksHigh;
    private boolean[] central = new boolean[0];
    private int centreLimit;
    private int unfilteredCentreLimit;
    private int[] cellsPerBlock = new int[0];
    /** Block rows in the order they are compared: those of the programme area first. */
    private int[] rowOrder = new int[0];

    private int[] reference;
    /** One block row's sums of cell differences (fixed point): at most 16 cells × 4080, an int holds them. */
    private int[] sum = new int[0];

    private int[] abs = new int[0];

    /**
     * @param meanLimitLevels   a block whose mean moved by more than this (8-bit levels) changed
     * @param detailLimitLevels a block whose cells moved on average by more than this changed
     * @param centreTolerance   share of the programme area's blocks that may change in a still frame
     */
    StillBlocks(double meanLimitLevels, double detailLimitLevels, double centreTolerance) {
        // compared with sums of fixed-point cell differences: level × SCALE per cell
        this.meanLimit = (int) Math.round(meanLimitLevels * LumaThumbnail.SCALE);
        this.detailLimit = (int) Math.round(detailLimitLevels * LumaThumbnail.SCALE);
        this.centreTolerance = centreTolerance;
    }

    /** The frame compared with the reference; null for the first frame (or the first after a change of size). */
    Change compare(LumaThumbnail thumb) {
        return compare(thumb, false);
    }

    /**
     * The same; {@code unfiltered}: a picture decoded without the loop filter (economy, keyframes), which carries
     * coding noise of its own that the filter would have smoothed away, is judged with limits
     * {@value #UNFILTERED_LIMIT_SCALE} times wider and a programme-area tolerance of {@value #UNFILTERED_TOLERANCE}.
     */
    Change compare(LumaThumbnail thumb, boolean unfiltered) {
        if (reference == null || thumb.width() != width || thumb.height() != height) {
            layout(thumb.width(), thumb.height());
            return null;
        }
        double scale = unfiltered ? UNFILTERED_LIMIT_SCALE : 1;
        long meanLimit = Math.round(this.meanLimit * scale);
        long detailLimit = Math.round(this.detailLimit * scale);
        int centreLimit = unfiltered ? unfilteredCentreLimit : this.centreLimit;
        int changed = 0;
        int centreChanged = 0;
        for (int by : rowOrder) {
            sumBlockRow(thumb.cells(), by);
            for (int bx = 0, j = by * blocksWide; bx < blocksWide; bx++, j++) {
                int n = cellsPerBlock[j];
                if (Math.abs(sum[bx]) > meanLimit * n || abs[bx] > detailLimit * n) {
                    changed++;
                    if (central[j]) {
                        centreChanged++;
                    }
                }
            }
            if (centreChanged > centreLimit) {
                return new Change(changed, central.length, centreChanged, false);
            }
        }
        return new Change(changed, central.length, centreChanged, true);
    }

    /** Sums, per block of block row {@code by}, the differences of its cells from the reference. */
    private void sumBlockRow(int[] c, int by) {
        int[] r = reference;
        int[] sum = this.sum;
        int[] abs = this.abs;
        java.util.Arrays.fill(sum, 0);
        java.util.Arrays.fill(abs, 0);
        int w = width;
        int whole = w & ~(SIZE - 1);
        for (int y = by * SIZE, end = Math.min(height, y + SIZE); y < end; y++) {
            int row = y * w;
            int j = 0;
            // a block's four cells of this row at a time: one update of the block's sums
            for (int x = 0; x < whole; x += SIZE, j++) {
                int i = row + x;
                int d0 = c[i] - r[i];
                int d1 = c[i + 1] - r[i + 1];
                int d2 = c[i + 2] - r[i + 2];
                int d3 = c[i + 3] - r[i + 3];
                sum[j] += d0 + d1 + d2 + d3;
                abs[j] += Math.abs(d0) + Math.abs(d1) + Math.abs(d2) + Math.abs(d3);
            }
            for (int x = whole; x < w; x++) {
                int d = c[row + x] - r[row + x];
                sum[j] += d;
                abs[j] += Math.abs(d);
            }
        }
    }

    /** After {@link #compare}: a frame that was not still becomes the reference of the next run. */
    void settle(LumaThumbnail thumb, boolean still) {
        if (!still || reference == null) {
            reference = thumb.cells();
        }
    }

    private void layout(int w, int h) {
        width = w;
        height = h;
        blocksWide = (w + SIZE - 1) / SIZE;
        blocksHigh = (h + SIZE - 1) / SIZE;
        int n = blocksWide * blocksHigh;
        sum = new int[blocksWide];
        abs = new int[blocksWide];
        central = new boolean[n];
        cellsPerBlock = new int[n];
        int centreBlocks = 0;
        ProgrammeArea area = ProgrammeArea.of(w, h);
        boolean[] centralRow = new boolean[blocksHigh];
        for (int by = 0; by < blocksHigh; by++) {
            for (int bx = 0; bx < blocksWide; bx++) {
                int j = by * blocksWide + bx;
                int x0 = bx * SIZE;
                int y0 = by * SIZE;
                int x1 = Math.min(w, x0 + SIZE);
                int y1 = Math.min(h, y0 + SIZE);
                cellsPerBlock[j] = (x1 - x0) * (y1 - y0);
                central[j] = area.contains(x0, y0, x1, y1);
                if (central[j]) {
                    centreBlocks++;
                    centralRow[by] = true;
                }
            }
        }
        centreLimit = (int) Math.floor(centreTolerance * centreBlocks);
        unfilteredCentreLimit = Math.max(centreLimit, (int) Math.floor(UNFILTERED_TOLERANCE * centreBlocks));
        rowOrder = new int[blocksHigh];
        int k = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int by = 0; by < blocksHigh; by++) {
                if (centralRow[by] == (pass == 0)) {
                    rowOrder[k++] = by;
                }
            }
        }
        reference = null;
    }
}
