package dev.vigil.worker.detect.audio;

import java.util.Arrays;

/**
 * True-peak meter after ITU-R BS.1770-4 Annex 2: the signal is oversampled with the Annex's order-48,
 * 4-phase (12 taps per phase) polyphase FIR and the absolute maximum of the oversampled signal is the
 * true peak, reported in dBTP. As in the Annex (and libebur128/FFmpeg {@code ebur128=peak=true}):
 * <ul>
 *   <li>sample rate below 96 kHz: 4x oversampling (all four phases);</li>
 *   <li>96 kHz up to below 192 kHz: 2x oversampling (phases 0 and 2 of the same filter, i.e. two
 *       interpolated points half an input sample apart);</li>
 *   <li>192 kHz and above: no oversampling, the true peak is the sample peak.</li>
 * </ul>
 * The reported value is never below the sample peak (the Annex filter is not a Nyquist filter, so none of its
 * phases reproduces the input samples exactly; taking the maximum with the sample peak, as libebur128 does,
 * keeps the meter from under-reading plain full-scale samples).
 *
 * <p><b>Cost control.</b> The FIR is 48 multiply-adds per input sample and channel, the most expensive part of
 * audio monitoring. A meter is built with a {@code watchDbtp} level (the detector passes its limit): the
 * oversampled values around sample {@code n} are only computed when one of the 12 input samples under the
 * filter is at or above {@code watchDbtp - }{@link #SKIP_MARGIN_DB}. This is exact, not a heuristic: an
 * output of phase {@code k} is bounded by {@code sum|h_k| * max|x|}, and {@code max_k sum|h_k|} of the
 * Annex filter is 2.02 (+6.1 dB), so an output next to samples all below that level cannot reach
 * {@code watchDbtp}. Consequence: {@link #maxTruePeakDbtp()} is exact whenever it is at or above
 * {@code watchDbtp - 6.1 dB}; below that it is the sample peak, a lower bound of the true peak by at most the
 * inter-sample overshoot. Pass {@code Double.NEGATIVE_INFINITY} to always oversample.
 *
 * <p>Filter history is kept across calls so consecutive blocks form one continuous signal.
 * Not thread-safe; one call at a time.
 */
public final class TruePeakMeter {

    /** ITU-R BS.1770-4 Annex 2 interpolation filter, one row per phase, 12 taps each. */
    static final double[][] ITU_PHASES = {
        {
            0.0017089843750,
            0.0109863281250,
            -0.0196533203125,
            0.0332031250000,
            -0.0594482421875,
            0.1373291015625,
            0.9721679687500,
            -0.1022949218750,
            0.0476074218750,
            -0.0266113281250,
            0.0148925781250,
            -0.0083007812500
        },
        {
            -0.0291748046875,
            0.0292968750000,
            -0.0517578125000,
            0.0891113281250,
            -0.1665039062500,
            0.4650878906250,
            0.7797851562500,
            -0.2003173828125,
            0.1015625000000,
            -0.0582275390625,
            0.0330810546875,
            -0.0189208984375
        },
        {
            -0.0189208984375,
            0.0330810546875,
            -0.0582275390625,
            0.1015625000000,
            -0.2003173828125,
            0.7797851562500,
            0.4650878906250,
            -0.1665039062500,
            0.0891113281250,
            -0.0517578125000,
            0.0292968750000,
            -0.0291748046875
        },
        {
            -0.0083007812500,
            0.0148925781250,
            -0.0266113281250,
            0.0476074218750,
            -0.1022949218750,
            0.9721679687500,
            0.1373291015625,
            -0.0594482421875,
            0.0332031250000,
            -0.0196533203125,
            0.0109863281250,
            0.0017089843750
        }
    };

    static final int TAPS = 12;
    private static final int HISTORY = TAPS - 1;

    /** Largest gain of any phase of the Annex filter, {@code max_k sum_j |h_k[j]|}, in dB (about 6.1 dB). */
    public static final double SKIP_MARGIN_DB;

    static {
        double worst = 0;
        for (double[] phase : ITU_PHASES) {
            double sum = 0;
            for (double h : phase) {
                sum += Math.abs(h);
            }
            worst = Math.max(worst, sum);
        }
        SKIP_MARGIN_DB = 20.0 * Math.log10(worst);
    }

    private final int sampleRate;
    private final int oversampling;
    /** Phase coefficients in use, flattened: phase p tap j at [p * TAPS + j]. */
    private final float[] coeffs;

    private final int phases;
    private final float computeAbove;
    /** Per channel: HISTORY samples of the previous call followed by the current block. */
    private float[][] ext;
    /** Per channel: samples since the last one at or above {@link #computeAbove}. */
    private final int[] sinceLoud;

    private double maxTruePeak;

    /**
     * @param watchDbtp oversampling is skipped where it provably cannot reach this level (see class doc);
     *                  {@code Double.NEGATIVE_INFINITY} to always oversample
     */
    public TruePeakMeter(int sampleRate, int channels, double watchDbtp) {
        this.sampleRate = sampleRate;
        this.oversampling = sampleRate < 96_000 ? 4 : sampleRate < 192_000 ? 2 : 1;
        int[] use = oversampling == 4 ? new int[] {0, 1, 2, 3} : oversampling == 2 ? new int[] {0, 2} : new int[0];
        this.phases = use.length;
        this.coeffs = new float[phases * TAPS];
        for (int p = 0; p < phases; p++) {
            for (int j = 0; j < TAPS; j++) {
                coeffs[p * TAPS + j] = (float) ITU_PHASES[use[p]][j];
            }
        }
        double threshold = watchDbtp == Double.NEGATIVE_INFINITY ? 0.0 : AudioDetail.fromDb(watchDbtp - SKIP_MARGIN_DB);
        this.computeAbove = (float) threshold;
        this.ext = new float[channels][HISTORY + 1024];
        this.sinceLoud = new int[channels];
        Arrays.fill(sinceLoud, Integer.MAX_VALUE / 2);
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channelCount() {
        return ext.length;
    }

    /** 4, 2 or 1. */
    public int oversampling() {
        return oversampling;
    }

    /**
     * Feeds {@code length} samples of every channel and returns the true peak seen in this call, linear
     * (1.0 = 0 dBTP), over all channels.
     */
    public double process(float[][] channels, int length) {
        double blockPeak = 0;
        for (int c = 0; c < ext.length; c++) {
            double p = processChannel(c, channels[c], length);
            if (p > blockPeak) {
                blockPeak = p;
            }
        }
        if (blockPeak > maxTruePeak) {
            maxTruePeak = blockPeak;
        }
        return blockPeak;
    }

    private double processChannel(int c, float[] x, int length) {
        float[] e = ext[c];
        if (e.length < HISTORY + length) {
            e = Arrays.copyOf(e, HISTORY + length);
            ext[c] = e;
        }
        System.arraycopy(x, 0, e, HISTORY, length);
        final float threshold = computeAbove;
        final float[] h = coeffs;
        final int np = phases;
        int quiet = sinceLoud[c];
        float peak = 0f;
        for (int n = 0; n < length; n++) {
            int i = n + HISTORY;
            float a = Math.abs(e[i]);
            if (a > peak) {
                peak = a;
            }
            quiet = a >= threshold ? 0 : quiet + 1;
            if (quiet > HISTORY) {
                continue;
            }
            if (np == 4) {
                peak = peak4(e, i, peak);
            } else if (np > 0) {
                // output n of every phase uses e[i - 11 .. i]; one of them is loud enough to matter
                for (int p = 0; p < np; p++) {
                    int base = p * TAPS;
                    float y = 0f;
                    for (int j = 0; j < TAPS; j++) {
                        y += h[base + j] * e[i - j];
                    }
                    float ay = Math.abs(y);
                    if (ay > peak) {
                        peak = ay;
                    }
                }
            }
        }
        sinceLoud[c] = Math.min(quiet, Integer.MAX_VALUE / 2);
        System.arraycopy(e, length, e, 0, HISTORY);
        return peak;
    }

    // ITU_PHASES as constants for the unrolled 4x path
    private static final float H0_0 = 0.001708984375f;
    private static final float H0_1 = 0.010986328125f;
    private static final float H0_2 = -0.0196533203125f;
    private static final float H0_3 = 0.033203125f;
    private static final float H0_4 = -0.0594482421875f;
    private static final float H0_5 = 0.1373291015625f;
    private static final float H0_6 = 0.97216796875f;
    private static final float H0_7 = -0.102294921875f;
    private static final float H0_8 = 0.047607421875f;
    private static final float H0_9 = -0.026611328125f;
    private static final float H0_10 = 0.014892578125f;
    private static final float H0_11 = -0.00830078125f;
    private static final float H1_0 = -0.0291748046875f;
    private static final float H1_1 = 0.029296875f;
    private static final float H1_2 = -0.0517578125f;
    private static final float H1_3 = 0.089111328125f;
    private static final float H1_4 = -0.16650390625f;
    private static final float H1_5 = 0.465087890625f;
    private static final float H1_6 = 0.77978515625f;
    private static final float H1_7 = -0.2003173828125f;
    private static final float H1_8 = 0.1015625f;
    private static final float H1_9 = -0.0582275390625f;
    private static final float H1_10 = 0.0330810546875f;
    private static final float H1_11 = -0.0189208984375f;
    private static final float H2_0 = -0.0189208984375f;
    private static final float H2_1 = 0.0330810546875f;
    private static final float H2_2 = -0.0582275390625f;
    private static final float H2_3 = 0.1015625f;
    private static final float H2_4 = -0.2003173828125f;
    private static final float H2_5 = 0.77978515625f;
    private static final float H2_6 = 0.465087890625f;
    private static final float H2_7 = -0.16650390625f;
    private static final float H2_8 = 0.089111328125f;
    private static final float H2_9 = -0.0517578125f;
    private static final float H2_10 = 0.029296875f;
    private static final float H2_11 = -0.0291748046875f;
    private static final float H3_0 = -0.00830078125f;
    private static final float H3_1 = 0.014892578125f;
    private static final float H3_2 = -0.026611328125f;
    private static final float H3_3 = 0.047607421875f;
    private static final float H3_4 = -0.102294921875f;
    private static final float H3_5 = 0.97216796875f;
    private static final float H3_6 = 0.1373291015625f;
    private static final float H3_7 = -0.0594482421875f;
    private static final float H3_8 = 0.033203125f;
    private static final float H3_9 = -0.0196533203125f;
    private static final float H3_10 = 0.010986328125f;
    private static final float H3_11 = 0.001708984375f;

    /**
     * The four phase outputs computed from {@code e[i-11 .. i]} (the Annex filter unrolled, with constant
     * coefficients and short add chains, about 4x faster than the generic loop); returns the larger of
     * {@code peak} and their magnitudes.
     */
    private static float peak4(float[] e, int i, float peak) {
        final float x0 = e[i - 0];
        final float x1 = e[i - 1];
        final float x2 = e[i - 2];
        final float x3 = e[i - 3];
        final float x4 = e[i - 4];
        final float x5 = e[i - 5];
        final float x6 = e[i - 6];
        final float x7 = e[i - 7];
        final float x8 = e[i - 8];
        final float x9 = e[i - 9];
        final float x10 = e[i - 10];
        final float x11 = e[i - 11];
        final float y0 = (((H0_0 * x0 + H0_1 * x1) + (H0_2 * x2 + H0_3 * x3))
                        + ((H0_4 * x4 + H0_5 * x5) + (H0_6 * x6 + H0_7 * x7)))
                + ((H0_8 * x8 + H0_9 * x9) + (H0_10 * x10 + H0_11 * x11));
        final float y1 = (((H1_0 * x0 + H1_1 * x1) + (H1_2 * x2 + H1_3 * x3))
                        + ((H1_4 * x4 + H1_5 * x5) + (H1_6 * x6 + H1_7 * x7)))
                + ((H1_8 * x8 + H1_9 * x9) + (H1_10 * x10 + H1_11 * x11));
        final float y2 = (((H2_0 * x0 + H2_1 * x1) + (H2_2 * x2 + H2_3 * x3))
                        + ((H2_4 * x4 + H2_5 * x5) + (H2_6 * x6 + H2_7 * x7)))
                + ((H2_8 * x8 + H2_9 * x9) + (H2_10 * x10 + H2_11 * x11));
        final float y3 = (((H3_0 * x0 + H3_1 * x1) + (H3_2 * x2 + H3_3 * x3))
                        + ((H3_4 * x4 + H3_5 * x5) + (H3_6 * x6 + H3_7 * x7)))
                + ((H3_8 * x8 + H3_9 * x9) + (H3_10 * x10 + H3_11 * x11));
        return Math.max(Math.max(Math.max(peak, Math.abs(y0)), Math.abs(y1)), Math.max(Math.abs(y2), Math.abs(y3)));
    }

    /** Largest true peak since construction, linear. */
    public double maxTruePeak() {
        return maxTruePeak;
    }

    /** Largest true peak since construction in dBTP ({@code -Infinity} for digital silence). */
    public double maxTruePeakDbtp() {
        return AudioDetail.toDb(maxTruePeak);
    }
}
