package dev.vigil.worker.detect.sync;

import dev.vigil.worker.media.AudioBlock;
import java.util.function.DoubleConsumer;

/**
 * Finds sound onsets — a beep, a clap, a cut to another sound, the start of a word — in the decoded audio, cheaply:
 * the channels are mixed to mono and box-averaged down to about 12 kHz, then split into three bands with one-pole
 * filters (low below about 500 Hz, the whole signal, and the first difference for the highs). Every
 * {@value #HOP_SEC} s hop, the onset strength is the sum over the bands of how far the hop's energy rose above the
 * mean of the {@value #BACKGROUND_HOPS} hops before it, in dB (rises only: a spectral flux on three bands). A hop
 * is an onset when its strength is at least {@value #MIN_STRENGTH_DB} dB above the typical strength of the last
 * second, its energy is above {@value #FLOOR_DB} dBFS, and no onset came in the last {@value #REFRACTORY_SEC} s.
 * The onset's time is the start of its hop.
 */
final class AudioOnsets {

    static final double HOP_SEC = 0.005;
    static final int BACKGROUND_HOPS = 8;
    static final double MIN_STRENGTH_DB = 12;
    static final double FLOOR_DB = -50;
    static final double REFRACTORY_SEC = 0.15;
    private static final int BANDS = 3;
    private static final double TARGET_RATE = 12_000;
    private static final double LOW_HZ = 500;
    /** Hops of typical strength remembered (one second), for the adaptive part of the threshold. */
    private static final int STRENGTH_HISTORY = 200;
    /** A block that does not follow the previous one within this much starts afresh (gap, reconnect). */
    private static final double MAX_BLOCK_GAP_SEC = 0.1;

    private final DoubleConsumer onset;
    private final double floor = Math.pow(10, FLOOR_DB / 10);

    private int sampleRate;
    private int decimation;
    private int hopLength;
    private double lowAlpha;

    // running state across blocks
    private double expectedPts = Double.NaN;
    private double decimSum;
    private int decimCount;
    private double low;
    private double previous;
    private final double[] hopEnergy = new double[BANDS];
    private int hopFill;
    private double hopStartSec = Double.NaN;
    private final double[][] background = new double[BANDS][BACKGROUND_HOPS];
    private int backgroundFill;
    private int backgroundNext;
    private final double[] strengths = new double[STRENGTH_HISTORY];
    private int strengthFill;
    private int strengthNext;
    private double strengthSum;
    private double lastOnsetSec = Double.NEGATIVE_INFINITY;

    /** @param onset called with each onset's time, in order */
    AudioOnsets(DoubleConsumer onset) {
        this.onset = onset;
    }

    void onBlock(AudioBlock block) {
        if (block.length() == 0 || block.channelCount() == 0) {
            return;
        }
        if (block.sampleRate() != sampleRate) {
            configure(block.sampleRate());
        }
        if (!(Math.abs(block.ptsSec() - expectedPts) < MAX_BLOCK_GAP_SEC)) {
            restart();
        }
        expectedPts = block.ptsSec() + block.durationSec();
        float[][] ch = block.channels();
        int channels = ch.length;
        double scale = 1.0 / channels;
        double samplePeriod = 1.0 / sampleRate;
        for (int i = 0; i < block.length(); i++) {
            double x = 0;
            for (int c = 0; c < channels; c++) {
                x += ch[c][i];
            }
            decimSum += x;
            if (++decimCount < decimation) {
                continue;
            }
            double y = decimSum * scale / decimation;
            decimSum = 0;
            decimCount = 0;
            if (hopFill == 0) {
                // the hop starts with the first input sample of this decimated one
                hopStartSec = block.ptsSec() + (i - decimation + 1) * samplePeriod;
            }
            low += lowAlpha * (y - low);
            double high = y - previous;
            previous = y;
            hopEnergy[0] += low * low;
            hopEnergy[1] += y * y;
            hopEnergy[2] += high * high;
            if (++hopFill == hopLength) {
                endHop();
            }
        }
    }

    private void configure(int rate) {
        sampleRate = rate;
        decimation = Math.max(1, (int) Math.round(rate / TARGET_RATE));
        double decimated = rate / (double) decimation;
        hopLength = Math.max(1, (int) Math.round(decimated * HOP_SEC));
        lowAlpha = 1 - Math.exp(-2 * Math.PI * LOW_HZ / decimated);
        expectedPts = Double.NaN;
    }

    private void restart() {
        decimSum = 0;
        decimCount = 0;
        low = 0;
        previous = 0;
        hopFill = 0;
        java.util.Arrays.fill(hopEnergy, 0);
        backgroundFill = 0;
        backgroundNext = 0;
    }

    private void endHop() {
        double strength = 0;
        double full = hopEnergy[1] / hopLength;
        if (backgroundFill == BACKGROUND_HOPS) {
            for (int b = 0; b < BANDS; b++) {
                double mean = 0;
                for (int k = 0; k < BACKGROUND_HOPS; k++) {
                    mean += background[b][k];
                }
                mean /= BACKGROUND_HOPS;
                double now = hopEnergy[b] / hopLength;
                if (now > mean) {
                    strength += 10 * Math.log10((now + floor) / (mean + floor));
                }
            }
            double typical = strengthFill == 0 ? 0 : strengthSum / strengthFill;
            if (strength >= MIN_STRENGTH_DB + 2 * typical
                    && full >= floor
                    && hopStartSec - lastOnsetSec >= REFRACTORY_SEC) {
                lastOnsetSec = hopStartSec;
                onset.accept(hopStartSec);
            }
            remember(strength);
        }
        for (int b = 0; b < BANDS; b++) {
            background[b][backgroundNext] = hopEnergy[b] / hopLength;
            hopEnergy[b] = 0;
        }
        backgroundNext = (backgroundNext + 1) % BACKGROUND_HOPS;
        backgroundFill = Math.min(BACKGROUND_HOPS, backgroundFill + 1);
        hopFill = 0;
    }

    private void remember(double strength) {
        if (strengthFill == STRENGTH_HISTORY) {
            strengthSum -= strengths[strengthNext];
        } else {
            strengthFill++;
        }
        strengths[strengthNext] = strength;
        strengthSum += strength;
        strengthNext = (strengthNext + 1) % STRENGTH_HISTORY;
    }
}
