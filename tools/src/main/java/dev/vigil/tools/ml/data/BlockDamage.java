package dev.vigil.tools.ml.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Simulated macroblocking on decoded YUV 4:2:0 frames: in runs of 8 to 30 frames, a random region (20–50 % of
 * each side, on the 16-pixel grid) has its 16×16 luma blocks either shuffled (misplaced macroblocks) or
 * replaced by their mean (lost AC coefficients). Chroma is left alone: the model sees luma only.
 */
final class BlockDamage {

    private BlockDamage() {}

    static void apply(Path cleanYuv, Path out, int w, int h, Random rnd) throws IOException {
        int frameBytes = w * h * 3 / 2;
        byte[] frame = new byte[frameBytes];
        int runStart = 5 + rnd.nextInt(20);
        int runEnd = runStart + 8 + rnd.nextInt(23);
        Region region = Region.random(w, h, rnd);
        try (InputStream in = Files.newInputStream(cleanYuv);
                OutputStream o = Files.newOutputStream(out)) {
            for (int i = 0; ; i++) {
                if (in.readNBytes(frame, 0, frameBytes) != frameBytes) {
                    break;
                }
                if (i >= runEnd) {
                    runStart = i + 5 + rnd.nextInt(30);
                    runEnd = runStart + 8 + rnd.nextInt(23);
                    region = Region.random(w, h, rnd);
                }
                if (i >= runStart) {
                    region.damage(frame, w, rnd);
                }
                o.write(frame);
            }
        }
    }

    private record Region(int bx0, int by0, int bw, int bh, boolean shuffle) {

        static Region random(int w, int h, Random rnd) {
            int cols = w / 16;
            int rows = h / 16;
            int bw = Math.max(2, (int) (cols * (0.2 + 0.3 * rnd.nextDouble())));
            int bh = Math.max(2, (int) (rows * (0.2 + 0.3 * rnd.nextDouble())));
            return new Region(rnd.nextInt(cols - bw + 1), rnd.nextInt(rows - bh + 1), bw, bh, rnd.nextBoolean());
        }

        void damage(byte[] luma, int w, Random rnd) {
            int n = bw * bh;
            byte[][] blocks = new byte[n][256];
            for (int i = 0; i < n; i++) {
                copy(luma, w, i, blocks[i], true);
            }
            if (shuffle) {
                for (int i = n - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    byte[] t = blocks[i];
                    blocks[i] = blocks[j];
                    blocks[j] = t;
                }
            } else {
                for (byte[] b : blocks) {
                    int sum = 0;
                    for (byte v : b) {
                        sum += v & 0xFF;
                    }
                    java.util.Arrays.fill(b, (byte) ((sum + 128) / 256));
                }
            }
            for (int i = 0; i < n; i++) {
                copy(luma, w, i, blocks[i], false);
            }
        }

        private void copy(byte[] luma, int w, int i, byte[] block, boolean read) {
            int x0 = (bx0 + i % bw) * 16;
            int y0 = (by0 + i / bw) * 16;
            for (int y = 0; y < 16; y++) {
                if (read) {
                    System.arraycopy(luma, (y0 + y) * w + x0, block, y * 16, 16);
                } else {
                    System.arraycopy(block, y * 16, luma, (y0 + y) * w + x0, 16);
                }
            }
        }
    }
}
