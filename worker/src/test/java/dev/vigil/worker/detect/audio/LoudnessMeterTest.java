package dev.vigil.worker.detect.audio;

import static dev.vigil.worker.detect.audio.TestAudio.segment;
import static dev.vigil.worker.detect.audio.TestAudio.silence;
import static dev.vigil.worker.detect.audio.TestAudio.sine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.worker.media.AudioBlock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conformance cases after EBU Tech 3341 (loudness) and Tech 3342 (loudness range), synthesized. */
class LoudnessMeterTest {

    private static LoudnessMeter measure(
            TestAudio.Signal signal, int rate, int channels, double seconds, List<double[]> steps) {
        LoudnessMeter meter = new LoudnessMeter(rate, channels);
        for (AudioBlock b : TestAudio.blocks(signal, rate, channels, seconds, 1024)) {
            meter.process(
                    b.channels(),
                    0,
                    b.length(),
                    steps == null ? null : (end, m, s) -> steps.add(new double[] {b.timeOf(end), m, s}));
        }
        return meter;
    }

    @Test
    void kWeightingDerivedAt48kHzMatchesTheBs1770Tables() {
        LoudnessMeter meter = new LoudnessMeter(48_000, 2);
        assertThat(meter.coefficients(0))
                .containsExactly(
                        new double[] {
                            1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585
                        },
                        within(1e-7));
        assertThat(meter.coefficients(1))
                .containsExactly(new double[] {1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621}, within(1e-7));
    }

    @Test
    void ebu3341Case1StereoSineAtMinus23DbfsReadsMinus23Lufs() {
        List<double[]> steps = new ArrayList<>();
        LoudnessMeter meter = measure(sine(1000, -23), 48_000, 2, 20, steps);

        assertThat(meter.integrated()).isCloseTo(-23.0, within(0.1));
        assertThat(steps).hasSize(200);
        assertThat(steps.get(2)[1]).isNaN(); // momentary needs 400 ms
        assertThat(steps.get(28)[2]).isNaN(); // short-term needs 3 s
        for (int i = 3; i < steps.size(); i++) {
            assertThat(steps.get(i)[1]).isCloseTo(-23.0, within(0.1));
        }
        for (int i = 29; i < steps.size(); i++) {
            assertThat(steps.get(i)[2]).isCloseTo(-23.0, within(0.1));
        }
        assertThat(steps.get(199)[0]).isCloseTo(20.0, within(0.03));
    }

    @Test
    void ebu3341Case2StereoSineAtMinus33Dbfs() {
        assertThat(measure(sine(1000, -33), 48_000, 2, 20, null).integrated()).isCloseTo(-33.0, within(0.1));
    }

    @Test
    void otherSampleRatesGiveTheSameReading() {
        for (int rate : new int[] {44_100, 32_000, 96_000, 22_050, 11_025}) {
            assertThat(measure(sine(1000, -23), rate, 2, 10, null).integrated())
                    .as("%d Hz", rate)
                    .isCloseTo(-23.0, within(0.1));
        }
    }

    @Test
    void ebu3341Case3RelativeGateDropsQuietSegments() {
        // -36 / -23 / -36 dBFS for 10 / 60 / 10 s: the absolute-gated mean is about -24.2 LUFS, so the relative
        // gate sits near -34.2 and removes the -36 dBFS parts; without relative gating this would read -24.2
        TestAudio.Signal s = segment(sine(1000, -36), 10, 70, sine(1000, -23));
        assertThat(measure(s, 48_000, 2, 80, null).integrated()).isCloseTo(-23.0, within(0.1));
    }

    @Test
    void ebu3341Case4AbsoluteGateDropsNearSilence() {
        // -72 / -36 / -23 / -36 / -72 dBFS for 10 / 10 / 60 / 10 / 10 s
        TestAudio.Signal s = segment(segment(sine(1000, -72), 10, 90, sine(1000, -36)), 20, 80, sine(1000, -23));
        assertThat(measure(s, 48_000, 2, 100, null).integrated()).isCloseTo(-23.0, within(0.1));
    }

    @Test
    void relativeGateHandComputedMix() {
        // 20 s at -20 dBFS and 20 s at -26 dBFS: both above the relative gate (mean -22.5 - 10), so the result is
        // the energy mean: 10 log10((10^-2.0 + 10^-2.6) / 2) = -22.03 LUFS
        TestAudio.Signal s = segment(sine(1000, -26), 0, 20, sine(1000, -20));
        double expected = 10 * Math.log10((Math.pow(10, -2.0) + Math.pow(10, -2.6)) / 2);
        assertThat(measure(s, 48_000, 2, 40, null).integrated()).isCloseTo(expected, within(0.1));
    }

    @Test
    void fullScaleSineInOneChannelReadsMinus3Lufs() {
        TestAudio.Signal s = TestAudio.perChannel(1, sine(1000, 0), silence());
        assertThat(measure(s, 48_000, 2, 5, null).integrated()).isCloseTo(-3.01, within(0.1));
    }

    @Test
    void surroundChannelsWeigh141AndLfeIsExcluded() {
        // 5.1 in FFmpeg order FL FR FC LFE BL BR; -20 dBFS sine on BL only: -20 - 3.01 + 10 log10(1.41) = -21.52
        TestAudio.Signal bl = (c, n, t) -> c == 4 ? sine(1000, -20).sample(c, n, t) : 0.0;
        assertThat(measure(bl, 48_000, 6, 5, null).integrated()).isCloseTo(-21.52, within(0.1));
        TestAudio.Signal lfe = (c, n, t) -> c == 3 ? sine(60, -6).sample(c, n, t) : 0.0;
        assertThat(measure(lfe, 48_000, 6, 5, null).integrated()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void silenceHasNoIntegratedLoudness() {
        LoudnessMeter meter = measure(silence(), 48_000, 2, 5, null);
        assertThat(meter.integrated()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(meter.momentary()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void ebu3342Case1LoudnessRangeOfTwoLevels() {
        // -20 dBFS then -30 dBFS, 20 s each: LRA 10 LU (Tech 3342 tolerance ±1 LU)
        TestAudio.Signal s = segment(sine(1000, -30), 0, 20, sine(1000, -20));
        assertThat(measure(s, 48_000, 2, 40, null).loudnessRange()).isCloseTo(10.0, within(0.2));
    }

    @Test
    void ebu3342Case2LoudnessRangeOfTwoCloserLevels() {
        // -20 dBFS then -15 dBFS, 20 s each: LRA 5 LU
        TestAudio.Signal s = segment(sine(1000, -15), 0, 20, sine(1000, -20));
        assertThat(measure(s, 48_000, 2, 40, null).loudnessRange()).isCloseTo(5.0, within(0.2));
    }

    @Test
    void formatChangeKeepsIntegrating() {
        LoudnessMeter meter = new LoudnessMeter(48_000, 2);
        for (AudioBlock b : TestAudio.blocks(sine(1000, -23), 48_000, 2, 10, 1024)) {
            meter.process(b.channels(), 0, b.length(), null);
        }
        meter.reconfigure(44_100, 2);
        assertThat(meter.shortTerm()).isNaN();
        for (AudioBlock b : TestAudio.blocks(sine(1000, -23), 44_100, 2, 10, 1024)) {
            meter.process(b.channels(), 0, b.length(), null);
        }
        assertThat(meter.integrated()).isCloseTo(-23.0, within(0.1));
        assertThat(meter.measuredSeconds()).isCloseTo(20.0, within(0.01));
    }
}
