package dev.vigil.worker.media;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Synthetic luma planes for tests. Planes have a stride larger than the width, with the padding filled
 * with bright garbage, so that code reading the padding gets visibly wrong results.
 */
public final class TestFrames {

    /** Extra bytes per row beyond the width. */
    public static final int PADDING = 40;

    public static final int PADDING_VALUE = 250;

    private TestFrames() {}

    /** Luma value at (x, y); clamped to 0..255. */
    @FunctionalInterface
    public interface Picture {
        double at(int x, int y);
    }

    /** A luma plane of {@code width × height} with stride {@code width + PADDING}. */
    public static Plane plane(int width, int height, boolean direct, Picture picture) {
        int stride = width + PADDING;
        byte[] bytes = new byte[stride * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < stride; x++) {
                int v = x < width ? clamp(picture.at(x, y)) : PADDING_VALUE;
                bytes[y * stride + x] = (byte) v;
            }
        }
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
        buf.put(bytes).flip();
        return new Plane(buf, stride, width, height);
    }

    public static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    public record Plane(ByteBuffer buffer, int stride, int width, int height) {
        public VideoFeatures analyze(FrameAnalyzer analyzer, double ptsSec) {
            return analyzer.analyze(buffer, stride, width, height, ptsSec);
        }

        public int get(int x, int y) {
            return buffer.get(y * stride + x) & 0xFF;
        }
    }

    // ---- pictures -------------------------------------------------------------------------------------

    /** A smooth, varied natural-looking picture (gradients and soft blobs), values roughly 30..220. */
    public static Picture smooth(int width, int height) {
        return (x, y) -> 125
                + 55 * Math.sin(x / 37.0 + 0.5) * Math.cos(y / 29.0)
                + 35 * Math.sin((x + 2 * y) / 61.0)
                + 10 * Math.cos(x / 11.0 - y / 17.0);
    }

    /** {@code base} plus fixed (per-position, not per-frame) pseudo-random detail of amplitude ±{@code amp}. */
    public static Picture withTexture(Picture base, double amp, long seed) {
        return (x, y) -> base.at(x, y) + amp * hashNoise(x, y, seed);
    }

    /** Deterministic noise in [-1, 1] per position. */
    public static double hashNoise(int x, int y, long seed) {
        long h = seed * 0x9E3779B97F4A7C15L + x * 0xC2B2AE3D27D4EB4FL + y * 0x165667B19E3779F9L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return ((h >>> 11) / (double) (1L << 53)) * 2 - 1;
    }

    private static final double[] GAUSSIAN = new double[1 << 16];

    static {
        Random r = new Random(1234);
        for (int i = 0; i < GAUSSIAN.length; i++) {
            GAUSSIAN[i] = r.nextGaussian();
        }
    }

    /**
     * {@code base} plus Gaussian noise of {@code sigma} levels, independent from pixel to pixel and fresh in every
     * {@code frame} (a table of normal deviates picked by a hash: much cheaper than a generator per pixel).
     */
    public static Picture withFreshNoise(Picture base, double sigma, int frame) {
        long f = frame * 0x9E3779B97F4A7C15L;
        return (x, y) -> {
            long h = f ^ (x * 0xC2B2AE3D27D4EB4FL) ^ (y * 0x165667B19E3779F9L);
            h ^= h >>> 31;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
            return base.at(x, y) + sigma * GAUSSIAN[(int) (h & (GAUSSIAN.length - 1))];
        };
    }

    /** {@code base} plus fresh Gaussian noise of {@code sigma} levels (a new {@code random} per frame). */
    public static Picture withGaussian(Picture base, double sigma, Random random) {
        return (x, y) -> base.at(x, y) + sigma * random.nextGaussian();
    }

    /** {@code base} quantised to the mean of each {@code block × block} block (a heavily compressed picture). */
    public static Picture blockMeans(Picture base, int block, int width, int height) {
        int bw = (width + block - 1) / block;
        int bh = (height + block - 1) / block;
        double[] means = new double[bw * bh];
        for (int by = 0; by < bh; by++) {
            for (int bx = 0; bx < bw; bx++) {
                double sum = 0;
                int n = 0;
                for (int y = by * block; y < Math.min(height, (by + 1) * block); y++) {
                    for (int x = bx * block; x < Math.min(width, (bx + 1) * block); x++) {
                        sum += clamp(base.at(x, y));
                        n++;
                    }
                }
                means[by * bw + bx] = sum / n;
            }
        }
        return (x, y) -> means[(y / block) * bw + x / block];
    }
}
