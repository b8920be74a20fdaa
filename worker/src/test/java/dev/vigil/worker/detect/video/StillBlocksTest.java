package dev.vigil.worker.detect.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.media.LumaThumbnail;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Pictures decoded without the loop filter (economy, keyframes) are judged with wider limits and a small tolerance of
 * changed blocks in the programme area; pictures decoded in full keep the strict ones.
 */
class StillBlocksTest {

    /** A 640×360 picture's thumbnail: 80×45 cells. */
    private static final int W = 80;

    private static final int H = 45;

    private static LumaThumbnail flat(int level) {
        int[] cells = new int[W * H];
        Arrays.fill(cells, level * LumaThumbnail.SCALE);
        return new LumaThumbnail(W, H, cells);
    }

    /** The flat picture with the cells of block ({@code bx}, {@code by}) raised by {@code levels}. */
    private static LumaThumbnail withBlock(LumaThumbnail t, int bx, int by, double levels) {
        int[] cells = t.cells().clone();
        for (int y = by * StillBlocks.SIZE; y < (by + 1) * StillBlocks.SIZE; y++) {
            for (int x = bx * StillBlocks.SIZE; x < (bx + 1) * StillBlocks.SIZE; x++) {
                cells[y * W + x] += (int) Math.round(levels * LumaThumbnail.SCALE);
            }
        }
        return new LumaThumbnail(W, H, cells);
    }

    private static StillBlocks blocksWithReference(LumaThumbnail reference) {
        StillBlocks blocks = new StillBlocks(1.5, 3, FreezeDetector.CENTRE_TOLERANCE);
        assertThat(blocks.compare(reference)).isNull();
        blocks.settle(reference, false);
        return blocks;
    }

    @Test
    void aCentralBlockMovedByTwoLevelsChangedWhenFilteredButNotUnfiltered() {
        LumaThumbnail reference = flat(100);
        LumaThumbnail moved = withBlock(reference, 10, 5, 2.0); // over 1.5, under 1.5 × 1.5
        StillBlocks blocks = blocksWithReference(reference);

        StillBlocks.Change filtered = blocks.compare(moved, false);
        StillBlocks.Change unfiltered = blocks.compare(moved, true);

        assertThat(filtered.centreQuiet()).isFalse();
        assertThat(unfiltered.centreQuiet()).isTrue();
        assertThat(unfiltered.changed()).isZero();
    }

    @Test
    void unfilteredPicturesTolerateAStrayBlockInTheProgrammeAreaButNotAMovingSubject() {
        LumaThumbnail reference = flat(100);
        StillBlocks blocks = blocksWithReference(reference);
        // 640×360: 84 blocks of the programme area, 2% of them is one
        LumaThumbnail stray = withBlock(reference, 8, 4, 10);
        LumaThumbnail subject = reference;
        for (int bx = 8; bx < 11; bx++) {
            for (int by = 4; by < 6; by++) {
                subject = withBlock(subject, bx, by, 10);
            }
        }

        assertThat(blocks.compare(stray, false).centreQuiet()).isFalse();
        assertThat(blocks.compare(stray, true).centreQuiet()).isTrue();
        assertThat(blocks.compare(subject, true).centreQuiet()).isFalse();
    }
}
