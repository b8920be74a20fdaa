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
 * Measured by a {@link BlockingMeter} (the {@code blockiness} detector's measure) on at most {@code blockingRate}
 * frames per media second, chosen from {@code ptsSec}; other frames carry {@code blocking == null}.
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

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EVEN_BYTES = 0x00FF00FF00FF00FFL;
    private static final long LANE_SUM = 0x0001000100010001L;

    private final double blockingInterval;
    private final BlockingMeter blockingMeter = new BlockingMeter();
    private double nextBlockingPts = Double.NEGATIVE_INFINITY;
    private final List<LumaImageSchedule> images = new ArrayList<>();

    private byte[] row = new byte[0];
    private long[] acc = new long[0];

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
            LumaImageSchedule same =
                    images.stream().filter(s -> s.sameSize(r)).findFirst().orElse(null);
            if (same == null) {
                images.add(new LumaImageSchedule(
                        new LumaDownscaler(r.width(), r.height()), 1.0 / r.perSecond(), r.withPrevious()));
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
        checkGeometry(stride, width, height);
        LumaThumbnail thumbnail = thumbnail(yPlane, stride, width, height);
        BlockingMeasure blocking = null;
        if (blockingDue(ptsSec)) {
            blocking = blockingMeter.measure(yPlane, stride, width, height);
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

    /**
     * The thumbnail alone, for a picture only compared with another and shown to no detector (keyframes decoding's
     * companions): it takes none of the blocking measurements or model images due, so the schedules of the pictures
     * the detectors see stay as they are.
     */
    public VideoFeatures thumbnailOnly(ByteBuffer yPlane, int stride, int width, int height, double ptsSec) {
        checkGeometry(stride, width, height);
        return new VideoFeatures(ptsSec, width, height, thumbnail(yPlane, stride, width, height), null);
    }

    private static void checkGeometry(int stride, int width, int height) {
        if (width <= 0 || height <= 0 || stride < width) {
            throw new IllegalArgumentException("bad plane geometry " + width + "x" + height + " stride " + stride);
        }
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
}
