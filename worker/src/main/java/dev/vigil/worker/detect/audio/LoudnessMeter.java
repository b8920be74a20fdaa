package dev.vigil.worker.detect.audio;

import java.util.Arrays;

/**
 * Loudness meter after ITU-R BS.1770-4 / EBU R128 (EBU Tech 3341 "EBU mode", Tech 3342 loudness range),
 * the measure FFmpeg's {@code ebur128} filter and libebur128 implement.
 *
 * <ul>
 *   <li><b>K-weighting</b>: the BS.1770 pre-filter (high-shelf, +4 dB) and RLB high-pass, as two biquads whose
 *       coefficients are derived for any sample rate from their analog prototypes exactly as libebur128
 *       does (at 48 kHz they reproduce the BS.1770 tables). Filter state is double precision and continuous
 *       across calls.</li>
 *   <li><b>Channel weights</b> ({@link #channelWeights}): 6 channels are read as FFmpeg's default 5.1 order
 *       FL FR FC LFE BL BR with weights 1, 1, 1, 0 (LFE excluded), 1.41, 1.41; any other channel count
 *       weighs every channel 1.0 (mono is one channel, not dual-mono: FFmpeg's {@code ebur128} default
 *       {@code dualmono=false}; stereo is L, R).</li>
 *   <li><b>Momentary</b> loudness: 400 ms window; <b>short-term</b>: 3 s window; both updated every 100 ms
 *       (a "step"), reported through {@link StepListener}. The audio is cut into 100 ms sub-blocks (sample
 *       counts {@code floor((k+1)·fs/10) - floor(k·fs/10)}, so rates not divisible by 10 work too); a window
 *       is available once enough sub-blocks exist since the start (or the last {@link #reconfigure}).</li>
 *   <li><b>Integrated</b> loudness: 400 ms gating blocks with 75 % overlap (= the momentary windows), absolute
 *       gate -70 LUFS, relative gate -10 LU below the absolute-gated mean.</li>
 *   <li><b>Loudness range</b> (EBU Tech 3342): short-term values every 100 ms, absolute gate -70 LUFS,
 *       relative gate -20 LU, LRA = 95th minus 10th percentile.</li>
 * </ul>
 * Gating blocks are kept in fixed-size histograms (0.02 LU bins from -70 to +10 LUFS) holding, per bin, the
 * block count and the exact energy sum, so memory does not grow with stream length and mean energies are
 * exact; the only approximation is which side of the relative gate blocks lying within one 0.02 LU bin of
 * the gate fall on, and a 0.02 LU resolution for the LRA percentiles.
 *
 * <p>Not thread-safe; one call at a time. No allocation in {@link #process}.
 */
public final class LoudnessMeter {

    public static final double ABSOLUTE_GATE_LUFS = -70.0;
    public static final double RELATIVE_GATE_LU = -10.0;
    public static final double LRA_RELATIVE_GATE_LU = -20.0;

    private static final int MOMENTARY_SUBBLOCKS = 4;
    private static final int SHORT_TERM_SUBBLOCKS = 30;
    private static final double BIN_LU = 0.02;
    private static final double HIST_LOW = ABSOLUTE_GATE_LUFS;
    private static final int BINS = (int) Math.round((10.0 - HIST_LOW) / BIN_LU);

    /** Called when a 100 ms step completes. */
    @FunctionalInterface
    public interface StepListener {
        /**
         * @param endIndex     index, in the array passed to {@link #process}, just after the last sample of
         *                     the step (the step ends at the media time of that sample)
         * @param momentary    momentary loudness, LUFS; NaN until 400 ms have been measured,
         *                     {@code -Infinity} for digital silence
         * @param shortTerm    short-term loudness, LUFS; NaN until 3 s have been measured
         */
        void onStep(int endIndex, double momentary, double shortTerm);
    }

    private int sampleRate;
    private int channels;
    private double[] weights;

    // stage 1 (pre-filter / high shelf) and stage 2 (RLB high-pass) biquad coefficients, a0 = 1
    private double p0, p1, p2, pa1, pa2;
    private double r0, r1, r2, ra1, ra2;
    // direct form II transposed state per channel and stage
    private double[] s11, s12, s21, s22;

    private long subIndex;
    private int subTarget;
    private int subCount;
    private double subSum;
    private final double[] ringSum = new double[SHORT_TERM_SUBBLOCKS];
    private final int[] ringCount = new int[SHORT_TERM_SUBBLOCKS];
    private int ringHead;
    private int ringFilled;

    private final int[] blockCounts = new int[BINS];
    private final double[] blockEnergy = new double[BINS];
    private final int[] stCounts = new int[BINS];
    private final double[] stEnergy = new double[BINS];

    private double momentary = Double.NaN;
    private double shortTerm = Double.NaN;
    private double maxMomentary = Double.NEGATIVE_INFINITY;
    private double maxShortTerm = Double.NEGATIVE_INFINITY;
    private long measuredSamples;
    private double measuredSeconds;

    public LoudnessMeter(int sampleRate, int channels) {
        reconfigure(sampleRate, channels);
    }

    /**
     * Switches to a new format: filters, the partial sub-block and the momentary/short-term windows restart,
     * integrated loudness and loudness range keep accumulating.
     */
    public void reconfigure(int sampleRate, int channels) {
        if (sampleRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("sampleRate and channels must be > 0");
        }
        if (measuredSamples > 0) {
            measuredSeconds += (double) measuredSamples / this.sampleRate;
            measuredSamples = 0;
        }
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.weights = channelWeights(channels);
        deriveCoefficients(sampleRate);
        s11 = new double[channels];
        s12 = new double[channels];
        s21 = new double[channels];
        s22 = new double[channels];
        subIndex = 0;
        subTarget = subBlockLength(0);
        subCount = 0;
        subSum = 0;
        Arrays.fill(ringSum, 0);
        Arrays.fill(ringCount, 0);
        ringHead = 0;
        ringFilled = 0;
        momentary = Double.NaN;
        shortTerm = Double.NaN;
    }

    /**
     * BS.1770 channel weights: FFmpeg's default 5.1 order (FL FR FC LFE BL BR) for 6 channels, 1.0 for every
     * channel otherwise.
     */
    public static double[] channelWeights(int channels) {
        double[] w = new double[channels];
        Arrays.fill(w, 1.0);
        if (channels == 6) {
            w[3] = 0.0;
            w[4] = 1.41;
            w[5] = 1.41;
        }
        return w;
    }

    /** The two K-weighting stages from their analog prototypes (libebur128's derivation). */
    private void deriveCoefficients(int fs) {
        double f0 = 1681.974450955533;
        double g = 3.999843853973347;
        double q = 0.7071752369554196;
        double k = Math.tan(Math.PI * f0 / fs);
        double vh = Math.pow(10.0, g / 20.0);
        double vb = Math.pow(vh, 0.4996667741545416);
        double a0 = 1.0 + k / q + k * k;
        p0 = (vh + vb * k / q + k * k) / a0;
        p1 = 2.0 * (k * k - vh) / a0;
        p2 = (vh - vb * k / q + k * k) / a0;
        pa1 = 2.0 * (k * k - 1.0) / a0;
        pa2 = (1.0 - k / q + k * k) / a0;

        f0 = 38.13547087602444;
        q = 0.5003270373238773;
        k = Math.tan(Math.PI * f0 / fs);
        double d = 1.0 + k / q + k * k;
        r0 = 1.0;
        r1 = -2.0;
        r2 = 1.0;
        ra1 = 2.0 * (k * k - 1.0) / d;
        ra2 = (1.0 - k / q + k * k) / d;
    }

    /** {b0, b1, b2, a1, a2} of stage 1 (0) or 2 (1), for tests. */
    double[] coefficients(int stage) {
        return stage == 0 ? new double[] {p0, p1, p2, pa1, pa2} : new double[] {r0, r1, r2, ra1, ra2};
    }

    private int subBlockLength(long k) {
        return (int) ((k + 1) * sampleRate / 10 - k * sampleRate / 10);
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channelCount() {
        return channels;
    }

    /**
     * Feeds samples {@code [offset, offset + length)} of every channel; {@code listener} (may be null) is
     * called for every 100 ms step completed by them.
     */
    public void process(float[][] input, int offset, int length, StepListener listener) {
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            int n = Math.min(end - pos, subTarget - subCount);
            double sum = 0;
            int pending = -1;
            for (int c = 0; c < channels; c++) {
                if (weights[c] == 0.0) {
                    continue;
                }
                if (pending < 0) {
                    pending = c;
                } else {
                    // two channels per loop: their recursions are independent and overlap in the CPU
                    sum += filterPair(pending, c, input[pending], input[c], pos, n);
                    pending = -1;
                }
            }
            if (pending >= 0) {
                sum += weights[pending] * filter(pending, input[pending], pos, n);
            }
            subSum += sum;
            subCount += n;
            pos += n;
            measuredSamples += n;
            if (subCount == subTarget) {
                completeSubBlock();
                if (listener != null) {
                    listener.onStep(pos, momentary, shortTerm);
                }
            }
        }
    }

    /** K-weights {@code x[from, from+n)} of channel {@code c} and returns the sum of squares of the output. */
    private double filter(int c, float[] x, int from, int n) {
        final double b0 = p0, b1 = p1, b2 = p2, a1 = pa1, a2 = pa2;
        final double c1 = ra1, c2 = ra2;
        double z11 = s11[c], z12 = s12[c], z21 = s21[c], z22 = s22[c];
        double acc = 0;
        for (int i = from, to = from + n; i < to; i++) {
            double in = x[i];
            double y1 = b0 * in + z11;
            z11 = b1 * in - a1 * y1 + z12;
            z12 = b2 * in - a2 * y1;
            // stage 2 numerator is 1, -2, 1
            double y2 = y1 + z21;
            z21 = -2.0 * y1 - c1 * y2 + z22;
            z22 = y1 - c2 * y2;
            acc += y2 * y2;
        }
        // flush denormals: after long digital silence the decaying state would otherwise slow everything down
        s11[c] = flush(z11);
        s12[c] = flush(z12);
        s21[c] = flush(z21);
        s22[c] = flush(z22);
        return acc;
    }

    /** {@link #filter} for two channels at once; returns their weighted sum of squares. */
    private double filterPair(int c, int d, float[] x, float[] u, int from, int n) {
        final double b0 = p0, b1 = p1, b2 = p2, a1 = pa1, a2 = pa2;
        final double c1 = ra1, c2 = ra2;
        double z11 = s11[c], z12 = s12[c], z21 = s21[c], z22 = s22[c];
        double w11 = s11[d], w12 = s12[d], w21 = s21[d], w22 = s22[d];
        double acc = 0, accU = 0;
        for (int i = from, to = from + n; i < to; i++) {
            double in = x[i];
            double y1 = b0 * in + z11;
            z11 = b1 * in - a1 * y1 + z12;
            z12 = b2 * in - a2 * y1;
            double y2 = y1 + z21;
            z21 = -2.0 * y1 - c1 * y2 + z22;
            z22 = y1 - c2 * y2;
            acc += y2 * y2;

            double inU = u[i];
            double v1 = b0 * inU + w11;
            w11 = b1 * inU - a1 * v1 + w12;
            w12 = b2 * inU - a2 * v1;
            double v2 = v1 + w21;
            w21 = -2.0 * v1 - c1 * v2 + w22;
            w22 = v1 - c2 * v2;
            accU += v2 * v2;
        }
        s11[c] = flush(z11);
        s12[c] = flush(z12);
        s21[c] = flush(z21);
        s22[c] = flush(z22);
        s11[d] = flush(w11);
        s12[d] = flush(w12);
        s21[d] = flush(w21);
        s22[d] = flush(w22);
        return weights[c] * acc + weights[d] * accU;
    }

    private static double flush(double state) {
        return Math.abs(state) < 1e-30 ? 0.0 : state;
    }

    private void completeSubBlock() {
        ringSum[ringHead] = subSum;
        ringCount[ringHead] = subCount;
        ringHead = (ringHead + 1) % SHORT_TERM_SUBBLOCKS;
        if (ringFilled < SHORT_TERM_SUBBLOCKS) {
            ringFilled++;
        }
        subIndex++;
        subTarget = subBlockLength(subIndex);
        subCount = 0;
        subSum = 0;

        if (ringFilled >= MOMENTARY_SUBBLOCKS) {
            double z = windowEnergy(MOMENTARY_SUBBLOCKS);
            momentary = lufs(z);
            maxMomentary = Math.max(maxMomentary, momentary);
            addToHistogram(blockCounts, blockEnergy, momentary, z);
        }
        if (ringFilled >= SHORT_TERM_SUBBLOCKS) {
            double z = windowEnergy(SHORT_TERM_SUBBLOCKS);
            shortTerm = lufs(z);
            maxShortTerm = Math.max(maxShortTerm, shortTerm);
            addToHistogram(stCounts, stEnergy, shortTerm, z);
        }
    }

    /** Mean weighted square of the last {@code subBlocks} sub-blocks. */
    private double windowEnergy(int subBlocks) {
        double sum = 0;
        long count = 0;
        for (int i = 1; i <= subBlocks; i++) {
            int idx = (ringHead - i + SHORT_TERM_SUBBLOCKS) % SHORT_TERM_SUBBLOCKS;
            sum += ringSum[idx];
            count += ringCount[idx];
        }
        return sum / count;
    }

    private static void addToHistogram(int[] counts, double[] energy, double loudness, double z) {
        if (!(loudness > ABSOLUTE_GATE_LUFS)) {
            return;
        }
        int bin = Math.min(BINS - 1, (int) ((loudness - HIST_LOW) / BIN_LU));
        counts[bin]++;
        energy[bin] += z;
    }

    /** BS.1770 loudness of a mean weighted square: -0.691 + 10 log10(z). */
    public static double lufs(double z) {
        return -0.691 + 10.0 * Math.log10(z);
    }

    /** Momentary loudness at the last completed step (NaN before 400 ms). */
    public double momentary() {
        return momentary;
    }

    /** Short-term loudness at the last completed step (NaN before 3 s). */
    public double shortTerm() {
        return shortTerm;
    }

    public double maxMomentary() {
        return maxMomentary;
    }

    public double maxShortTerm() {
        return maxShortTerm;
    }

    /** Seconds of audio fed so far. */
    public double measuredSeconds() {
        return measuredSeconds + (double) measuredSamples / sampleRate;
    }

    /**
     * Gated integrated loudness, LUFS: {@code -Infinity} when no 400 ms block is above the absolute gate.
     */
    public double integrated() {
        return gatedLoudness(blockCounts, blockEnergy, RELATIVE_GATE_LU);
    }

    private static double gatedLoudness(int[] counts, double[] energy, double relativeGateLu) {
        double relative = relativeGate(counts, energy, relativeGateLu);
        if (Double.isNaN(relative)) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        long n = 0;
        for (int b = 0; b < BINS; b++) {
            if (counts[b] > 0 && aboveGate(b, counts, energy, relative)) {
                sum += energy[b];
                n += counts[b];
            }
        }
        return n == 0 ? Double.NEGATIVE_INFINITY : lufs(sum / n);
    }

    /** Absolute-gated mean loudness plus {@code relativeGateLu}, or NaN when nothing passed the absolute gate. */
    private static double relativeGate(int[] counts, double[] energy, double relativeGateLu) {
        double sum = 0;
        long n = 0;
        for (int b = 0; b < BINS; b++) {
            sum += energy[b];
            n += counts[b];
        }
        return n == 0 ? Double.NaN : lufs(sum / n) + relativeGateLu;
    }

    /** Whether bin {@code b} lies above {@code gate}; the bin straddling the gate is decided by its mean. */
    private static boolean aboveGate(int b, int[] counts, double[] energy, double gate) {
        double lower = HIST_LOW + b * BIN_LU;
        if (lower >= gate) {
            return true;
        }
        if (lower + BIN_LU <= gate) {
            return false;
        }
        return lufs(energy[b] / counts[b]) > gate;
    }

    /**
     * Loudness range (EBU Tech 3342), LU: NaN when fewer than two short-term values pass the gates.
     */
    public double loudnessRange() {
        double relative = relativeGate(stCounts, stEnergy, LRA_RELATIVE_GATE_LU);
        if (Double.isNaN(relative)) {
            return Double.NaN;
        }
        long n = 0;
        for (int b = 0; b < BINS; b++) {
            if (stCounts[b] > 0 && aboveGate(b, stCounts, stEnergy, relative)) {
                n += stCounts[b];
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        double low = percentile(relative, n, 0.10);
        double high = percentile(relative, n, 0.95);
        return high - low;
    }

    /** Loudness of the gated short-term value at rank {@code round((n-1)·p)} (0-based), from the histogram. */
    private double percentile(double gate, long n, double p) {
        long rank = Math.round((n - 1) * p);
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            if (stCounts[b] > 0 && aboveGate(b, stCounts, stEnergy, gate)) {
                seen += stCounts[b];
                if (seen > rank) {
                    return lufs(stEnergy[b] / stCounts[b]);
                }
            }
        }
        return Double.NaN;
    }
}
