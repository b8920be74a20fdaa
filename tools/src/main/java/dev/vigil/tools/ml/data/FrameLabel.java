package dev.vigil.tools.ml.data;

/**
 * Labels a damaged frame by comparing it with the clean decode of the same frame: the share of 16×16 blocks
 * whose mean absolute luma difference exceeds {@link #BLOCK_DIFF}. Only unambiguous frames get a label:
 * a bit-exact frame is clean, a frame with at least {@code minShare} bad blocks is corrupt, anything in
 * between (a few slightly different blocks) is left out of the data.
 */
final class FrameLabel {

    /** Mean absolute difference (8-bit levels) that makes a 16×16 block visibly different. */
    static final double BLOCK_DIFF = 10;

    static final int BLOCK = 16;

    private FrameLabel() {}

    /** Share of 16×16 blocks (full blocks only) with a mean absolute difference above {@link #BLOCK_DIFF}; -1 when identical. */
    static double badBlockShare(byte[] clean, byte[] damaged, int w, int h) {
        int bw = w / BLOCK;
        int bh = h / BLOCK;
        int[] sums = new int[bw];
        int bad = 0;
        boolean identical = true;
        for (int by = 0; by < bh; by++) {
            java.util.Arrays.fill(sums, 0);
            for (int y = by * BLOCK; y < (by + 1) * BLOCK; y++) {
                int o = y * w;
                for (int x = 0; x < bw * BLOCK; x++) {
                    int d = Math.abs((clean[o + x] & 0xFF) - (damaged[o + x] & 0xFF));
                    sums[x / BLOCK] += d;
                }
            }
            for (int bx = 0; bx < bw; bx++) {
                if (sums[bx] != 0) {
                    identical = false;
                }
                if (sums[bx] > BLOCK_DIFF * BLOCK * BLOCK) {
                    bad++;
                }
            }
        }
        if (identical && java.util.Arrays.equals(clean, damaged)) {
            return -1;
        }
        return bad / (double) (bw * bh);
    }
}
