package dev.vigil.worker.media;

import java.nio.ByteBuffer;

/**
 * Box-averages a luma plane to a fixed size: output pixel {@code (ox, oy)} is the rounded mean of the source
 * pixels {@code x in [ox*W/w, (ox+1)*W/w)}, {@code y in [oy*H/h, (oy+1)*H/h)} (integer division). Every source
 * pixel is read once (eight at a time), so a 1280×720 plane costs about 0.4 ms; models sample a few frames per second.
 * The training data of Vigil's models is made with this same class, so what a model sees in production is
 * exactly what it was trained on. A picture smaller than the output is stretched (pixels repeat).
 * One instance per stream, used from one thread (it reuses its buffers).
 */
public final class LumaDownscaler {

    private final int outWidth;
    private final int outHeight;
    private int[] colStart = new int[0];
    private int forWidth = -1;
    private byte[] row = new byte[0];
    private int[] colSum = new int[0];
    private long[] even = new long[0];
    private long[] odd = new long[0];

    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long EVEN_BYTES = 0x00FF00FF00FF00FFL;
    /** 16-bit lanes hold the sum of this many bytes of 255. */
    private static final int MAX_SWAR_ROWS = 65535 / 255;

    public LumaDownscaler(int outWidth, int outHeight) {
        if (outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("bad output size " + outWidth + "x" + outHeight);
        }
        this.outWidth = outWidth;
        this.outHeight = outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    public int outHeight() {
        return outHeight;
    }

    public LumaImage downscale(ByteBuffer plane, int stride, int width, int height) {
        if (width != forWidth) {
            colStart = bounds(width, outWidth);
            forWidth = width;
        }
        if (row.length < width) {
            row = new byte[width];
        }
        if (colSum.length < width) {
            colSum = new int[width];
        }
        int[] cols = colStart;
        int[] sums = colSum;
        byte[] row = this.row;
        byte[] out = new byte[outWidth * outHeight];
        for (int oy = 0; oy < outHeight; oy++) {
            int y0 = start(oy, height, outHeight);
            int y1 = Math.max(y0 + 1, start(oy + 1, height, outHeight));
            bandColumnSums(plane, stride, width, y0, y1, sums, row);
            int rows = y1 - y0;
            int base = oy * outWidth;
            for (int ox = 0; ox < outWidth; ox++) {
                int sum = 0;
                for (int x = cols[2 * ox], end = cols[2 * ox + 1]; x < end; x++) {
                    sum += sums[x];
                }
                int count = rows * (cols[2 * ox + 1] - cols[2 * ox]);
                out[base + ox] = (byte) ((sum + count / 2) / count);
            }
        }
        return new LumaImage(outWidth, outHeight, out);
    }

    /**
     * {@code sums[x]} = the sum of column {@code x} over rows {@code [y0, y1)}. Eight pixels at a time: a
     * little-endian long of a row holds them, its even and odd bytes masked into four 16-bit lanes each and
     * added lane-wise (a band of up to 257 rows cannot overflow a lane), so a row costs 2 additions per 8 pixels
     * instead of 8; the lanes are spread into {@code sums} once per band.
     */
    private void bandColumnSums(ByteBuffer plane, int stride, int width, int y0, int y1, int[] sums, byte[] row) {
        int words = width >>> 3;
        if (even.length < words) {
            even = new long[words];
            odd = new long[words];
        }
        long[] ev = even;
        long[] od = odd;
        int tail = words << 3;
        if (y1 - y0 > MAX_SWAR_ROWS) {
            // taller bands than lanes can hold (a source over 257 times the output height): one row at a time
            java.util.Arrays.fill(sums, 0, width, 0);
            for (int y = y0; y < y1; y++) {
                plane.get(y * stride, row, 0, width);
                for (int x = 0; x < width; x++) {
                    sums[x] += row[x] & 0xFF;
                }
            }
            return;
        }
        java.util.Arrays.fill(ev, 0, words, 0);
        java.util.Arrays.fill(od, 0, words, 0);
        java.util.Arrays.fill(sums, tail, width, 0);
        for (int y = y0; y < y1; y++) {
            plane.get(y * stride, row, 0, width);
            for (int i = 0; i < words; i++) {
                long v = (long) LONG_LE.get(row, i << 3);
                ev[i] += v & EVEN_BYTES;
                od[i] += (v >>> 8) & EVEN_BYTES;
            }
            for (int x = tail; x < width; x++) {
                sums[x] += row[x] & 0xFF;
            }
        }
        for (int i = 0; i < words; i++) {
            long e = ev[i];
            long o = od[i];
            int x = i << 3;
            sums[x] = (int) (e & 0xFFFF);
            sums[x + 1] = (int) (o & 0xFFFF);
            sums[x + 2] = (int) ((e >>> 16) & 0xFFFF);
            sums[x + 3] = (int) ((o >>> 16) & 0xFFFF);
            sums[x + 4] = (int) ((e >>> 32) & 0xFFFF);
            sums[x + 5] = (int) ((o >>> 32) & 0xFFFF);
            sums[x + 6] = (int) (e >>> 48);
            sums[x + 7] = (int) (o >>> 48);
        }
    }

    public LumaImage downscale(byte[] plane, int width, int height) {
        return downscale(ByteBuffer.wrap(plane), width, width, height);
    }

    /** Source column range of every output column: [b[2i], b[2i+1]), at least one pixel each. */
    private static int[] bounds(int in, int out) {
        int[] b = new int[2 * out];
        for (int i = 0; i < out; i++) {
            b[2 * i] = start(i, in, out);
            b[2 * i + 1] = Math.max(b[2 * i] + 1, start(i + 1, in, out));
        }
        return b;
    }

    private static int start(int i, int in, int out) {
        return i >= out ? in : Math.min(in - 1, (int) ((long) i * in / out));
    }
}
