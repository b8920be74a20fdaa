package dev.vigil.worker.media;

import java.nio.ByteBuffer;

/**
 * The measure behind the {@code blockiness} detector ({@code detect.video.BlockinessDetector}): how strongly a
 * decoded luma plane steps on the 8×8 coding grid, as a {@link BlockingMeasure}. It runs on the decode thread
 * (the {@link FrameAnalyzer} calls it on a few frames per second) and reads the plane in place.
 * One meter per stream, used from one thread: it reuses its row buffers between frames.
 *
 * <p>For every 8-row band boundary {@code y = 8k} the rows {@code y-1, y, y+3, y+4}
 * are read; vertical luma steps are taken across the grid line ({@code y-1 | y}) and half-way inside the
 * block ({@code y+3 | y+4}) on one column per block ({@code x = 8j+3}), horizontal steps across {@code x = 8j}
 * and inside ({@code 8j+3 | 8j+4}) on row {@code y+3}: about 1/32 of the pixels; only row {@code y+3} is copied.
 * Pictures taller than 720 rows are measured on runs of 3 consecutive bands out of every 6 (the first of a run
 * only sets the history), which keeps 1080p near the cost of 720p.
 * Each step {@code d} becomes {@code v = max(0, min(|d|, 32) - 1)} (a lookup table): ±1 steps (quantisation,
 * dithered gradients) are ignored, strong real edges are capped. A step only counts as evidence when the same position on the previous parallel grid line
 * (8 or 16 pixels back) also shows one, {@code min(v, max(v[-8], v[-16]))}: coding blocks step on every
 * line of a region, while a legitimate edge that happens to lie on the grid (a 64 px checkerboard, a
 * graphics box) is isolated and contributes little (only where texture makes the neighbouring line active). The same rule is applied to the inner positions,
 * so texture and noise score the same on and off the grid. With {@code B} and {@code N} the means over the
 * active positions (either step visible), {@code score = (B + 0.5) / (N + 0.5)}: about 1 for clean content,
 * large when blocks are flat inside and step at their borders. Pictures with under 1% active positions score 1.
 * The grid is assumed to start at the picture's top-left corner (true for decoded, unscaled video).
 */
final class BlockingMeter {

    /** Columns between vertical-step samples. */
    static final int COLUMN_STEP = 8;
    /** First sampled column: the middle of the first block column. */
    static final int COLUMN_OFFSET = 3;

    static final int STEP_CAP = 32;
    static final int STEP_FLOOR = 1;
    static final double SCORE_EPSILON = 0.5;
    static final double MIN_ACTIVE_FRACTION = 0.01;
    /** Taller pictures are measured on runs of 3 consecutive bands out of 6. */
    static final int SPARSE_ABOVE_HEIGHT = 720;

    private byte[] r3 = new byte[0];
    private int[] prevB1 = new int[0];
    private int[] prevB2 = new int[0];
    private int[] prevN1 = new int[0];
    private int[] prevN2 = new int[0];

    /** {@code max(0, min(|d|, STEP_CAP) - STEP_FLOOR)} for {@code d = a - b}, indexed by {@code d + 255}. */
    private static final byte[] STEP = new byte[511];

    static {
        for (int d = -255; d <= 255; d++) {
            STEP[d + 255] = (byte) Math.max(0, Math.min(Math.abs(d), STEP_CAP) - STEP_FLOOR);
        }
    }

    private static int step(byte a, byte b) {
        return STEP[(a & 0xFF) - (b & 0xFF) + 255];
    }

    BlockingMeasure measure(ByteBuffer plane, int stride, int width, int height) {
        int bands = (height - 5) >>> 3; // grid lines y = 8k with row y + 4 inside the picture
        if (bands < 1 || width < 8) {
            return BlockingMeasure.NEUTRAL;
        }
        int cols = (width - COLUMN_OFFSET + COLUMN_STEP - 1) / COLUMN_STEP;
        if (r3.length < width) {
            r3 = new byte[width];
        }
        if (prevB1.length < cols) {
            prevB1 = new int[cols];
            prevB2 = new int[cols];
            prevN1 = new int[cols];
            prevN2 = new int[cols];
        }
        byte[] r3 = this.r3;
        int[] pb1 = prevB1, pb2 = prevB2, pn1 = prevN1, pn2 = prevN2;
        long sumB = 0, sumN = 0, active = 0, positions = 0;
        boolean sparse = height > SPARSE_ABOVE_HEIGHT;
        for (int k = 1; k <= bands; k++) {
            boolean first = k == 1;
            if (sparse) {
                int phase = k % 6;
                if (phase >= 3) {
                    continue;
                }
                first |= phase == 0;
            }
            int y = k << 3;
            // row y+3 is copied (the horizontal pass uses half of it); the other rows are read at one
            // column per block only
            int o0 = (y - 1) * stride;
            int o1 = y * stride;
            int o4 = (y + 4) * stride;
            plane.get((y + 3) * stride, r3, 0, width);
            // vertical steps across the horizontal grid line y and inside the band
            if (first) {
                for (int i = 0, x = COLUMN_OFFSET; x < width; x += COLUMN_STEP, i++) {
                    pb1[i] = step(plane.get(o1 + x), plane.get(o0 + x));
                    pn1[i] = step(plane.get(o4 + x), r3[x]);
                    pb2[i] = 0;
                    pn2[i] = 0;
                }
            } else {
                for (int i = 0, x = COLUMN_OFFSET; x < width; x += COLUMN_STEP, i++) {
                    int b = step(plane.get(o1 + x), plane.get(o0 + x));
                    int n = step(plane.get(o4 + x), r3[x]);
                    // branch-free: positions with b == n == 0 add nothing
                    active += -(b | n) >>> 31;
                    sumB += Math.min(b, Math.max(pb1[i], pb2[i]));
                    sumN += Math.min(n, Math.max(pn1[i], pn2[i]));
                    pb2[i] = pb1[i];
                    pb1[i] = b;
                    pn2[i] = pn1[i];
                    pn1[i] = n;
                }
                positions += cols;
            }
            // horizontal steps across the vertical grid lines x = 8j, on row y+3
            {
                byte[] r = r3;
                int b1 = 0, b2 = 0, n1 = 0, n2 = 0;
                for (int x = 8; x + 4 < width; x += 8) {
                    int b = step(r[x], r[x - 1]);
                    int n = step(r[x + 4], r[x + 3]);
                    if (x >= 16) {
                        active += -(b | n) >>> 31;
                        sumB += Math.min(b, Math.max(b1, b2));
                        sumN += Math.min(n, Math.max(n1, n2));
                        positions++;
                    }
                    b2 = b1;
                    b1 = b;
                    n2 = n1;
                    n1 = n;
                }
            }
        }
        if (positions == 0 || active < MIN_ACTIVE_FRACTION * positions) {
            return new BlockingMeasure(1.0, 0, 0, positions == 0 ? 0 : active / (double) positions);
        }
        double boundary = sumB / (double) active;
        double inner = sumN / (double) active;
        double score = (boundary + SCORE_EPSILON) / (inner + SCORE_EPSILON);
        return new BlockingMeasure(score, boundary, inner, active / (double) positions);
    }
}
