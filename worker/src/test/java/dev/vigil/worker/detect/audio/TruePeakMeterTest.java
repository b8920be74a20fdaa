package dev.vigil.worker.detect.audio;

import static dev.vigil.worker.detect.audio.TestAudio.sine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.worker.media.AudioBlock;
import org.junit.jupiter.api.Test;

class TruePeakMeterTest {

    /** A sine at fs/4 with 45° phase: samples at ±0.7071 (-3.01 dBFS), true peak 1.0 (0 dBTP) between them. */
    private static final TestAudio.Signal QUARTER_RATE_45 = (c, n, t) -> Math.sin(Math.PI / 2 * n + Math.PI / 4);

    private static TruePeakMeter measure(TestAudio.Signal s, int rate, double seconds, int block, double watch) {
        TruePeakMeter meter = new TruePeakMeter(rate, 2, watch);
        for (AudioBlock b : TestAudio.blocks(s, rate, 2, seconds, block)) {
            meter.process(b.channels(), b.length());
        }
        return meter;
    }

    @Test
    void matchesTheAnnexFilterAppliedDirectly() {
        // white noise near full scale, with many inter-sample overs
        java.util.Random rng = new java.util.Random(3);
        int len = 48_000;
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (0.5 * rng.nextGaussian());
        }
        double expected = 0;
        for (int n = 0; n < len; n++) {
            expected = Math.max(expected, Math.abs(x[n]));
            for (double[] h : TruePeakMeter.ITU_PHASES) {
                double y = 0;
                for (int j = 0; j < h.length && j <= n; j++) {
                    y += h[j] * x[n - j];
                }
                expected = Math.max(expected, Math.abs(y));
            }
        }
        TruePeakMeter meter = new TruePeakMeter(48_000, 1, -1.0);
        for (int off = 0; off < len; off += 1000) {
            meter.process(new float[][] {java.util.Arrays.copyOfRange(x, off, off + 1000)}, 1000);
        }
        assertThat(meter.maxTruePeak()).isCloseTo(expected, within(1e-5));
        assertThat(meter.maxTruePeakDbtp()).isGreaterThan(20 * Math.log10(0.5 * 3.5));
    }

    @Test
    void annexFilterGainBoundIsAbout6Db() {
        assertThat(TruePeakMeter.SKIP_MARGIN_DB).isCloseTo(6.1, within(0.1));
    }

    @Test
    void interSamplePeakOfQuarterRateSineIsFound() {
        TruePeakMeter meter = measure(QUARTER_RATE_45, 48_000, 1, 1024, Double.NEGATIVE_INFINITY);
        assertThat(meter.oversampling()).isEqualTo(4);
        assertThat(meter.maxTruePeakDbtp()).isCloseTo(0.0, within(0.3));
    }

    @Test
    void sameResultWhenOnlyLoudPartsAreOversampled() {
        double full = measure(QUARTER_RATE_45, 48_000, 1, 1024, Double.NEGATIVE_INFINITY)
                .maxTruePeakDbtp();
        double watched = measure(QUARTER_RATE_45, 48_000, 1, 1024, -1.0).maxTruePeakDbtp();
        assertThat(watched).isEqualTo(full);
    }

    @Test
    void quietSignalFarBelowTheWatchLevelReportsItsSamplePeak() {
        TruePeakMeter meter = measure((c, n, t) -> 0.1 * QUARTER_RATE_45.sample(c, n, t), 48_000, 1, 1024, -1.0);
        assertThat(meter.maxTruePeakDbtp()).isCloseTo(-23.01, within(0.05));
    }

    @Test
    void lowFrequencySineReadsItsAmplitude() {
        assertThat(measure(sine(997, -6), 44_100, 1, 1024, Double.NEGATIVE_INFINITY)
                        .maxTruePeakDbtp())
                .isCloseTo(-6.0, within(0.1));
    }

    @Test
    void blockSizeDoesNotMatter() {
        double a = measure(QUARTER_RATE_45, 44_100, 0.5, 1024, -1.0).maxTruePeakDbtp();
        double b = measure(QUARTER_RATE_45, 44_100, 0.5, 7, -1.0).maxTruePeakDbtp();
        assertThat(b).isCloseTo(a, within(1e-6));
        assertThat(a).isCloseTo(0.0, within(0.3));
    }

    @Test
    void oversamplingFactorFollowsTheSampleRate() {
        assertThat(new TruePeakMeter(44_100, 1, 0).oversampling()).isEqualTo(4);
        assertThat(new TruePeakMeter(96_000, 1, 0).oversampling()).isEqualTo(2);
        assertThat(new TruePeakMeter(192_000, 1, 0).oversampling()).isEqualTo(1);
        // at 192 kHz the true peak is the sample peak
        assertThat(measure(QUARTER_RATE_45, 192_000, 0.1, 1024, Double.NEGATIVE_INFINITY)
                        .maxTruePeakDbtp())
                .isCloseTo(-3.01, within(0.01));
        // at 96 kHz, the two phases half a sample apart find most of the overshoot
        assertThat(measure(QUARTER_RATE_45, 96_000, 0.1, 1024, Double.NEGATIVE_INFINITY)
                        .maxTruePeakDbtp())
                .isGreaterThan(-1.0)
                .isLessThan(0.3);
    }
}
