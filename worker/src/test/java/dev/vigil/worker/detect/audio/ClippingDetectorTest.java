package dev.vigil.worker.detect.audio;

import static dev.vigil.worker.detect.audio.TestAudio.hardClip;
import static dev.vigil.worker.detect.audio.TestAudio.segment;
import static dev.vigil.worker.detect.audio.TestAudio.sine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.DetectorName;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClippingDetectorTest {

    private final TestAudio.Recorder sink = new TestAudio.Recorder();
    private final ClippingDetector detector = new ClippingDetector(ClippingDetector.DEFAULTS, sink);

    /** A 440 Hz sine driven 6 dB over full scale and hard-limited at 1.0. */
    private static final TestAudio.Signal CLIPPED = hardClip(sine(440, 6), 1.0);

    @Test
    void hardClippedSegmentIsOneDefectOverThatSegment() {
        TestAudio.run(detector, segment(sine(440, -6), 4.0, 7.0, CLIPPED), 2, 10);

        assertThat(sink.opened).hasSize(1);
        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo(DetectorName.of(DefectType.CLIPPING));
            assertThat(d.severity()).isEqualTo(Severity.MINOR);
            assertThat(d.startSec()).isCloseTo(4.0, within(0.5));
            assertThat(d.endSec()).isCloseTo(7.0, within(0.5));
            // 2 runs per period, 440 Hz, 3 s, 2 channels
            assertThat((Integer) d.detail().get("runs")).isBetween(5200, 5300);
            // a sine at 2x full scale stays above 1.0 from 30° to 150°, a third of a period: 48000/440/3 = 36.4
            assertThat((Integer) d.detail().get("maxRunSamples")).isBetween(36, 38);
            assertThat(d.detail()).containsEntry("channels", List.of(0, 1));
        });
    }

    @Test
    void intervalIsTight() {
        TestAudio.run(detector, segment(sine(440, -6), 4.0, 7.0, CLIPPED), 2, 10);
        assertThat(sink.closed.get(0).startSec()).isCloseTo(4.0, within(0.01));
        assertThat(sink.closed.get(0).endSec()).isCloseTo(7.0, within(0.01));
    }

    @Test
    void loudSineBelowFullScaleIsNotClipping() {
        TestAudio.run(detector, sine(440, -0.5), 2, 5);
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void isolatedFullScaleSamplesAreNotRuns() {
        // a single full-scale sample (and a pair) every 0.25 s in a quiet tone
        TestAudio.Signal spikes = (c, n, t) -> n % 12_000 == 0 || n % 12_000 == 6000 || n % 12_000 == 6001
                ? 1.0
                : 0.1 * Math.sin(2 * Math.PI * 440 * t);
        TestAudio.run(detector, spikes, 2, 5);
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void threeConsecutiveFullScaleSamplesAreARun() {
        TestAudio.Signal spike = (c, n, t) -> c == 1 && n >= 96_000 && n < 96_003 ? -1.0 : 0.1 * Math.sin(t * 2000);
        TestAudio.run(detector, spike, 2, 5);
        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.startSec()).isCloseTo(2.0, within(0.001));
            assertThat(d.detail())
                    .containsEntry("runs", 1)
                    .containsEntry("maxRunSamples", 3)
                    .containsEntry("channels", List.of(1));
        });
    }

    @Test
    void decoderOvershootBeyondFullScaleCounts() {
        TestAudio.run(detector, segment(sine(440, -6), 1.0, 3.0, hardClip(sine(440, 6), 1.05)), 2, 4);
        assertThat(sink.closed).hasSize(1);
    }

    @Test
    void sparseClippedPeaksMergeIntoOneDefect() {
        // a clipped 440 Hz burst of 40 ms every 300 ms for 3 s: gaps shorter than clearSec
        TestAudio.Signal bursts = (c, n, t) -> t >= 2 && t < 5 && (t - 2) % 0.3 < 0.04
                ? CLIPPED.sample(c, n, t)
                : sine(440, -6).sample(c, n, t);
        TestAudio.run(detector, bursts, 44_100, 2, 8, 1024);
        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.startSec()).isCloseTo(2.0, within(0.05));
            assertThat(d.endSec()).isCloseTo(4.74, within(0.05));
        });
    }

    /** A tone rich in harmonics (a little like music): fundamental, 3rd and 5th. */
    private static TestAudio.Signal chord(double dbfs) {
        double a = TestAudio.amp(dbfs) / 1.6;
        return (c, n, t) -> a
                * (Math.sin(2 * Math.PI * 220 * t)
                        + 0.4 * Math.sin(2 * Math.PI * 660 * t + 0.3)
                        + 0.2 * Math.sin(2 * Math.PI * 1100 * t + 1.1));
    }

    @Test
    void clippingRebuiltByALossyCodecIsFoundByItsShape() {
        // clipped 6 dB over full scale, then band-limited at 15 kHz as a codec rebuilds it: no flat runs are left,
        // the peaks ripple around full scale and overshoot it
        TestAudio.Signal clipped = TestAudio.lowPass(hardClip(chord(6), 1.0), 15_000, 48_000);
        TestAudio.run(detector, segment(chord(-12), 2.0, 4.0, clipped), 2, 6);
        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.startSec()).isCloseTo(2.0, within(0.05));
            assertThat(d.endSec()).isCloseTo(4.0, within(0.05));
            assertThat(d.detail()).containsEntry("runs", 0);
            assertThat((Double) d.detail().get("nearShare")).isGreaterThan(0.1);
        });
    }

    @Test
    void loudLimitedMasterThroughALossyCodecIsNotClipping() {
        // held at -1 dBFS by a limiter, then band-limited: it comes near full scale without reaching it
        TestAudio.Signal loud = TestAudio.lowPass(hardClip(chord(3), TestAudio.amp(-1)), 15_000, 48_000);
        TestAudio.run(detector, loud, 2, 4);
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void aTransientOvershootIsNotSustainedClipping() {
        // one 50 ms burst over full scale, band-limited, in a quiet tone: the shape shows in one window only
        TestAudio.Signal burst =
                TestAudio.lowPass(segment(chord(-12), 2.0, 2.05, hardClip(chord(6), 1.0)), 15_000, 48_000);
        TestAudio.run(detector, burst, 2, 4);
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void minRunsPerSecondFiltersRareRuns() {
        ClippingDetector tolerant =
                new ClippingDetector(ClippingDetector.DEFAULTS.withThreshold("minRunsPerSecond", 10.0), sink);
        TestAudio.Signal spike = (c, n, t) -> c == 1 && n >= 96_000 && n < 96_003 ? -1.0 : 0.1 * Math.sin(t * 2000);
        TestAudio.run(tolerant, spike, 2, 5);
        assertThat(sink.opened).isEmpty();
    }
}
