package dev.vigil.worker.detect.audio;

import static dev.vigil.worker.detect.audio.TestAudio.noise;
import static dev.vigil.worker.detect.audio.TestAudio.segment;
import static dev.vigil.worker.detect.audio.TestAudio.silence;
import static dev.vigil.worker.detect.audio.TestAudio.sine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoudnessDetectorTest {

    private final TestAudio.Recorder sink = new TestAudio.Recorder();
    private final LoudnessDetector detector = new LoudnessDetector(LoudnessDetector.DEFAULTS, sink);

    /** Stereo 1 kHz sine reading {@code lufs} LUFS (EBU 3341 case 1 relation: dBFS = LUFS for both channels). */
    private static TestAudio.Signal programme(double lufs) {
        return sine(1000, lufs);
    }

    private List<Defect> closed(String reason) {
        return sink.closed.stream()
                .filter(d -> reason.equals(d.detail().get("reason")))
                .toList();
    }

    @Test
    void programmeAtTargetHasNoDefect() {
        TestAudio.run(detector, programme(-23), 2, 30);
        assertThat(sink.opened).isEmpty();
        assertThat(detector.meter().integrated()).isCloseTo(-23.0, within(0.1));
    }

    @Test
    void programmeWithinToleranceHasNoDefect() {
        TestAudio.run(detector, segment(programme(-23), 5, 25, programme(-19.5)), 2, 30);
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void loudSegmentRaisesShortTermDefectAndIntegratedVerdict() {
        // -23 LUFS, then -12 LUFS from 10 s to 30 s, then -23 LUFS to 40 s
        TestAudio.run(detector, segment(programme(-23), 10, 30, programme(-12)), 2, 40);

        assertThat(closed("shortTerm")).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo(DetectorName.of(DefectType.LOUDNESS));
            assertThat(d.severity()).isEqualTo(Severity.MINOR);
            // short-term windows end when the loud part makes them exceed -18 LUFS: ~0.8 s in
            assertThat(d.startSec()).isBetween(10.0, 11.5);
            // ... and drop back below -18 about 2.2 s after it ends
            assertThat(d.endSec()).isBetween(30.0, 33.5);
            assertThat(d.detail()).containsEntry("extremeLufs", -12.0).containsEntry("direction", "loud");
            assertThat((Double) d.detail().get("shortTermLufs")).isCloseTo(-12.0, within(0.5));
        });
        assertThat(closed("integrated")).singleElement().satisfies(d -> {
            assertThat(d.startSec()).isEqualTo(0.0);
            assertThat(d.endSec()).isCloseTo(40.0, within(0.03));
            // energy mean of 20 s at -23 and 20 s at -12 (all above the relative gate)
            double expected = 10 * Math.log10((Math.pow(10, -2.3) + Math.pow(10, -1.2)) / 2);
            assertThat((Double) d.detail().get("integratedLufs")).isCloseTo(expected, within(0.15));
            assertThat((Double) d.detail().get("lra")).isCloseTo(11.0, within(0.5));
            assertThat(d.detail()).containsKey("truePeakDbtp");
        });
        assertThat(closed("truePeak")).isEmpty();
    }

    @Test
    void shortLoudEffectIsTolerated() {
        TestAudio.run(detector, segment(programme(-23), 10, 15, programme(-12)), 2, 60);
        assertThat(closed("shortTerm")).isEmpty();
    }

    @Test
    void tooQuietProgrammeIsADefectButSilenceIsNot() {
        TestAudio.run(detector, segment(programme(-40), 20, 40, silence()), 2, 60);
        List<Defect> quiet = closed("shortTerm");
        assertThat(quiet).hasSize(2);
        // the first short-term value exists at 3 s; windows reaching into the silence stay "quiet" (above the
        // -70 LUFS gate) until they are entirely silent, 3 s after it starts
        assertThat(quiet.get(0).startSec()).isCloseTo(3.0, within(0.05));
        assertThat(quiet.get(0).endSec()).isCloseTo(23.0, within(0.2));
        assertThat(quiet.get(0).detail()).containsEntry("direction", "quiet");
        assertThat((Double) quiet.get(0).detail().get("shortTermLufs")).isCloseTo(-40.0, within(1.0));
        assertThat((Double) quiet.get(0).detail().get("extremeLufs")).isLessThan(-50.0);
        // reopens after the silence, still open at the end
        assertThat(quiet.get(1).startSec()).isCloseTo(40.0, within(0.2));
        assertThat(quiet.get(1).openAtEnd()).isTrue();
        assertThat(closed("integrated"))
                .singleElement()
                .satisfies(d ->
                        assertThat((Double) d.detail().get("integratedLufs")).isCloseTo(-40.0, within(0.1)));
    }

    @Test
    void silentStreamHasNoLoudnessDefect() {
        TestAudio.run(detector, silence(), 2, 20);
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void truePeakOverTheLimitIsADefectAtOnce() {
        // 0.1 s of an fs/4 tone with samples at -3 dBFS and inter-sample peaks at 0 dBTP, inside a -23 programme
        TestAudio.Signal over = (c, n, t) -> Math.sin(Math.PI / 2 * n + Math.PI / 4);
        TestAudio.run(detector, segment(programme(-23), 30.0, 30.1, over), 2, 60);

        assertThat(closed("truePeak")).singleElement().satisfies(d -> {
            assertThat(d.startSec()).isCloseTo(30.0, within(0.03));
            assertThat(d.endSec()).isCloseTo(30.1, within(0.03));
            assertThat((Double) d.detail().get("truePeakDbtp")).isCloseTo(0.0, within(0.3));
            assertThat(d.detail()).containsEntry("limitDbtp", -1.0);
        });
        assertThat(closed("shortTerm")).isEmpty();
        assertThat(closed("integrated")).isEmpty();
        assertThat(detector.truePeakDbtp()).isCloseTo(0.0, within(0.3));
    }

    @Test
    void peaksJustBelowTheLimitAreFine() {
        TestAudio.run(detector, segment(programme(-23), 5, 10, sine(1000, -1.5)), 2, 20);
        assertThat(closed("truePeak")).isEmpty();
        assertThat(detector.truePeakDbtp()).isCloseTo(-1.5, within(0.1));
    }

    @Test
    void noiseProgrammeAt44100Hz() {
        // white noise at -30 dBFS RMS per channel: +3 dB for two channels, -0.691, and the K-weighting high shelf
        // lifts white noise by a few dB more (half its energy lies above 11 kHz at 44.1 kHz)
        TestAudio.run(detector, noise(-30, 2, 11), 44_100, 2, 20, 1024);
        assertThat(sink.opened).isEmpty();
        assertThat(detector.meter().integrated()).isBetween(-24.5, -23.3);
    }

    @Test
    void targetAndToleranceAreConfigurable() {
        LoudnessDetector atsc = new LoudnessDetector(
                LoudnessDetector.DEFAULTS.withThreshold("targetLufs", -24.0).withThreshold("toleranceLu", 2.0), sink);
        TestAudio.run(atsc, programme(-20), 2, 20);
        assertThat(closed("shortTerm")).hasSize(1);
        assertThat(closed("integrated")).hasSize(1);
    }
}
