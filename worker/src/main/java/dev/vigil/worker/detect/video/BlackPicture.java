package dev.vigil.worker.detect.video;

import dev.vigil.worker.media.LumaThumbnail;

/**
 * Whether one picture is black: its {@link ProgrammeArea programme area} black (at least {@code pictureRatio} of
 * its cells at or under {@code cellThreshold}), with at most {@code overlayArea} of the whole picture not black —
 * a logo or graphics drawn over the black around it. Holds no state: one instance may serve every stream.
 */
final class BlackPicture {

    /** The share of the picture not black from which something is taken to be drawn over the black. */
    static final double OVERLAY_PRESENT = 0.002;

    private final int cellThreshold;
    private final double pictureRatio;
    private final double overlayArea;

    /** One picture's figures. */
    record Measure(boolean black, double centreRatio, double centreLuma, double notBlackArea) {}

    BlackPicture(int cellThreshold, double pictureRatio, double overlayArea) {
        this.cellThreshold = cellThreshold;
        this.pictureRatio = pictureRatio;
        this.overlayArea = overlayArea;
    }

    Measure measure(LumaThumbnail thumb) {
        int w = thumb.width();
        int h = thumb.height();
        int[] cells = thumb.cells();
        if (cells.length == 0) {
            return new Measure(false, 0, 0, 1);
        }
        ProgrammeArea a = ProgrammeArea.of(w, h);
        int level = cellThreshold;
        int black = 0;
        int centreBlack = 0;
        long centreSum = 0;
        int left = Math.min(a.left(), w);
        int right = Math.max(left, Math.min(a.right(), w));
        for (int y = 0; y < h; y++) {
            int row = y * w;
            if (y < a.top() || y >= a.bottom()) {
                black += countBlack(cells, row, row + w, level);
                continue;
            }
            black += countBlack(cells, row, row + left, level) + countBlack(cells, row + right, row + w, level);
            for (int i = row + left; i < row + right; i++) {
                int c = cells[i];
                centreSum += c;
                if (c <= level) {
                    centreBlack++;
                }
            }
        }
        black += centreBlack;
        int centreCells = a.cells();
        // a picture too small to have a programme area is judged whole
        double centreRatio = centreCells == 0 ? black / (double) cells.length : centreBlack / (double) centreCells;
        double centreLuma = centreCells == 0 ? 0 : centreSum / (double) centreCells / LumaThumbnail.SCALE;
        double notBlack = 1 - black / (double) cells.length;
        boolean isBlack = centreRatio >= pictureRatio && notBlack <= overlayArea;
        return new Measure(isBlack, centreRatio, centreLuma, notBlack);
    }

    private static int countBlack(int[] cells, int from, int to, int level) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (cells[i] <= level) {
                n++;
            }
        }
        return n;
    }
}
