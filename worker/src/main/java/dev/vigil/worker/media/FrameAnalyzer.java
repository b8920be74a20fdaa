package dev.vigil.worker.media;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs on the decode thread: reads the decoded luma plane once, in place, and derives the
 * {@link VideoFeatures} every video detector needs. One analyzer per stream, used from one thread: it reuses
 * its row buffers between frames, but what it returns never shares them.
 *
 * <h2>Thumbnail</h2>
 * One {@link LumaThumbnail} cell per 8×8 block, the sum of the samples on even rows and even columns
 * (16 per full cell). Rows are bulk-copied into a reused array and summed 8 pixels at a time with
 * a SWAR trick (one little-endian {@code long} read, even bytes masked into four 16-bit lanes), so a
 * 1080p frame costs 540 row copies and ~130k long additions.
 *
 * <h2>Blocking</h2>
 * Measured on at most {@code blockingRate} frames per media second (chosen from {@code ptsSec}); other frames
 * carry {@code blocking == null}. For every 8-row band boundary {@code y = 8k} the rows {@code y-1, y, y+3, y+4}
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
 *
 * <h2>Images for ML detectors</h2>
 * For each {@link LumaSampling} asked for (one per distinct size, at the highest rate asked), a box-averaged
 * {@link LumaImage} is made on the sampled frames only ({@link LumaDownscaler}: every pixel read once, about
 * 0.4 ms at 720p); detectors never receive the frame itself. A temporal model also gets the image of the frame
 * decoded just before its sample ({@link LumaSampling#withPrevious()}; see {@link LumaImageSchedule}): two
 * downscales per sample, never one per frame.
 */
public final class FrameAnalyzer {

    /** Blocking measurements per media second by default. */
    public static final double DEFAULT_BLOCKING_RATE = 5.0;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EVEN_BYTES = 0x00FF00FF00FF00FFL;
    private static final long LANE_SUM = 0x0001000100010001L;

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

    private final double blockingInterval;
    private double nextBlockingPts = Double.NEGATIVE_INFINITY;
    private final List<LumaImageSchedule> images = new ArrayList<>();

    private byte[] row = new byte[0];
    private long[] acc = new long[0];

    private byte[] r3 = new byte[0];
    private int[] prevB1 = new int[0];
    private int[] prevB2 = new int[0];
    private int[] prevN1 = new int[0];
    private int[] prevN2 = new int[0];

    public FrameAnalyzer() {
        this(DEFAULT_BLOCKING_RATE);
    }

    /**
     * @param blockingRate blocking measurements per media second; {@code <= 0} disables the measurement,
     *                     {@code Double.POSITIVE_INFINITY} measures every frame
     */
    public FrameAnalyzer(double blockingRate) {
        this.blockingInterval = blockingRate > 0 ? 1.0 / blockingRate : Double.NaN;
    }

    /** Also makes downscaled luma images as asked (requests of the same size share one image, at the highest rate). */
    public FrameAnalyzer withLumaSampling(List<LumaSampling> requests) {
        for (LumaSampling r : requests) {
            LumaImageSchedule same = images.stream().filter(s -> s.sameSize(r)).findFirst().orElse(null);
            if (same == null) {
                images.add(new LumaImageSchedule(new LumaDownscaler(r.width(), r.height()), 1.0 / r.perSecond(),
                        r.withPrevious()));
            } else {
                same.merge(r);
            }
        }
        return this;
    }

    /**
     * @param yPlane the decoder's luma plane (not retained; it is reused by the next frame). Read with absolute
     *               indices from 0; its position, limit and byte order are left alone.
     * @param stride bytes per row of {@code yPlane}
     */
    public VideoFeatures analyze(ByteBuffer yPlane, int stride, int width, int height, double ptsSec) {
        if (width <= 0 || height <= 0 || stride < width) {
            throw new IllegalArgumentException("bad plane geometry " + width + "x" + height + " stride " + stride);
        }
        LumaThumbnail thumbnail = thumbnail(yPlane, stride, width, height);
        BlockingMeasure blocking = null;
        if (blockingDue(ptsSec)) {
            blocking = measureBlocking(yPlane, stride, width, height);
        }
        List<LumaImage> sampled = List.of();
        for (LumaImageSchedule s : images) {
            LumaImage image = s.sample(yPlane, stride, width, height, ptsSec);
            if (image != null) {
                if (sampled.isEmpty()) {
                    sampled = new ArrayList<>(images.size());
                }
                sampled.add(image);
            }
        }
        return new VideoFeatures(ptsSec, width, height, thumbnail, blocking, sampled);
    }

    private boolean blockingDue(double ptsSec) {
        if (Double.isNaN(blockingInterval)) {
            return false;
        }
        if (due(ptsSec, nextBlockingPts, blockingInterval)) {
            nextBlockingPts = ptsSec + blockingInterval;
            return true;
        }
        return false;
    }

    /** 1 ms tolerance against rounded timestamps; a jump back in time (new segment) restarts the schedule. */
    static boolean due(double ptsSec, double next, double interval) {
        return ptsSec >= next - 1e-3 || ptsSec < next - 2 * interval;
    }

    private LumaThumbnail thumbnail(ByteBuffer plane, int stride, int width, int height) {
        int tw = (width + 7) >>> 3;
        int th = (height + 7) >>> 3;
        int fullW = width >>> 3;
        int edgeX = fullW << 3;
        int edgeSamplesX = (width - edgeX + 1) >>> 1;
        if (row.length < width) {
            row = new byte[width];
        }
        if (acc.length < fullW) {
            acc = new long[fullW];
        }
        byte[] row = this.row;
        long[] acc = this.acc;
        int[] cells = new int[tw * th];
        for (int ty = 0; ty < th; ty++) {
            int y0 = ty << 3;
            int rows = Math.min(4, (height - y0 + 1) >>> 1);
            int edgeSum = 0;
            for (int s = 0; s < rows; s++) {
                plane.get((y0 + 2 * s) * stride, row, 0, width);
                if (s == 0) {
                    for (int tx = 0; tx < fullW; tx++) {
                        acc[tx] = (long) LONG_LE.get(row, tx << 3) & EVEN_BYTES;
                    }
                } else {
                    for (int tx = 0; tx < fullW; tx++) {
                        acc[tx] += (long) LONG_LE.get(row, tx << 3) & EVEN_BYTES;
                    }
                }
                for (int x = edgeX; x < width; x += 2) {
                    edgeSum += row[x] & 0xFF;
                }
            }
            int base = ty * tw;
            if (rows == 4) {
                for (int tx = 0; tx < fullW; tx++) {
                    cells[base + tx] = (int) ((acc[tx] * LANE_SUM) >>> 48);
                }
            } else {
                int count = rows * 4;
                for (int tx = 0; tx < fullW; tx++) {
                    int sum = (int) ((acc[tx] * LANE_SUM) >>> 48);
                    cells[base + tx] = (sum * LumaThumbnail.SCALE + count / 2) / count;
                }
            }
            if (edgeSamplesX > 0) {
                int count = rows * edgeSamplesX;
                cells[base + fullW] = (edgeSum * LumaThumbnail.SCALE + count / 2) / count;
            }
        }
        return new LumaThumbnail(tw, th, cells);
    }

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

    private BlockingMeasure measureBlocking(ByteBuffer plane, int stride, int width, int height) {
        int bands = (height - 5) >>> 3;   // grid lines y = 8k with row y + 4 inside the picture
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
