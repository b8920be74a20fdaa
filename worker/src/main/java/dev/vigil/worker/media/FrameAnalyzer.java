package dev.vigil.worker.media;

import java.nio.ByteBuffer;

/**
 * Runs on the decode thread: reads the decoded luma plane once, in place, and derives the
 * {@link VideoFeatures} every video detector needs.
 */
public final class FrameAnalyzer {

    /**
     * @param yPlane the decoder's luma plane (not retained; it is reused by the next frame)
     * @param stride bytes per row of {@code yPlane}
     */
    public VideoFeatures analyze(ByteBuffer yPlane, int stride, int width, int height, double ptsSec) {
        int tw = Math.max(1, width / 8);
        int th = Math.max(1, height / 8);
        int[] cells = new int[tw * th];
        byte[] row = new byte[width];
        for (int ty = 0; ty < th; ty++) {
            for (int dy = 0; dy < 8; dy += 2) {
                int y = Math.min(height - 1, ty * 8 + dy);
                yPlane.get(y * stride, row, 0, width);
                for (int tx = 0; tx < tw; tx++) {
                    int base = tx * 8;
                    int sum = 0;
                    for (int dx = 0; dx < 8 && base + dx < width; dx += 2) {
                        sum += row[base + dx] & 0xFF;
                    }
                    cells[ty * tw + tx] += sum;
                }
            }
        }
        // 16 samples per cell: the sum is already the mean in units of 1/16
        return new VideoFeatures(ptsSec, width, height, new LumaThumbnail(tw, th, cells), null);
    }
}
