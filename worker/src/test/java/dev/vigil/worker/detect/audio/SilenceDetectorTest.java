package dev.vigil.worker.detect.audio;

import static dev.vigil.worker.detect.audio.TestAudio.noise;
import static dev.vigil.worker.detect.audio.TestAudio.perChannel;
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

class SilenceDetectorTest {

    private final TestAudio.Recorder sink = new TestAudio.Recorder();
    private final SilenceDetector detector = new SilenceDetector(SilenceDetector.DEFAULTS, sink);

    @Test
    void threeSecondsOfDigitalSilenceInsideToneIsOneDefect() {
        TestAudio.run(detector, segment(sine(440, -20), 3.0, 6.0, silence()), 2, 10);

        assertThat(sink.opened).hasSize(1);
        assertThat(sink.closed).hasSize(1);
        Defect d = sink.closed.get(0);
        assertThat(d.type()).isEqualTo(DetectorName.of(DefectType.SILENCE));
        assertThat(d.severity()).isEqualTo(Severity.MAJOR);
        assertThat(d.startSec()).isCloseTo(3.0, within(0.1));
        assertThat(d.endSec()).isCloseTo(6.0, within(0.1));
        assertThat(d.openAtEnd()).isFalse();
        assertThat(d.detail())
                .containsEntry("scope", "overall")
                .containsEntry("channels", List.of(0, 1))
                .containsEntry("maxLevelDb", -120.0)
                .containsEntry("levelDb", -60.0);
    }

    @Test
    void sameAt44100HzWithOddBlocks() {
        TestAudio.run(detector, segment(sine(1000, -30), 2.0, 5.0, silence()), 44_100, 2, 8, 1000);

        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.startSec()).isCloseTo(2.0, within(0.1));
            assertThat(d.endSec()).isCloseTo(5.0, within(0.1));
        });
    }

    @Test
    void quietPassageAtMinus45DbfsIsNotSilence() {
        TestAudio.run(detector, segment(sine(440, -20), 2.0, 8.0, sine(440, -45)), 2, 10);
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void quietNoiseAtMinus45DbfsIsNotSilence() {
        TestAudio.run(detector, noise(-45, 2, 7), 2, 5);
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void lowLevelNoiseAtMinus70DbfsIsSilence() {
        TestAudio.run(detector, segment(sine(440, -20), 2.0, 6.0, noise(-70, 2, 42)), 2, 8);

        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.startSec()).isCloseTo(2.0, within(0.1));
            assertThat(d.endSec()).isCloseTo(6.0, within(0.1));
            assertThat((Double) d.detail().get("maxLevelDb")).isBetween(-72.0, -66.0);
        });
    }

    @Test
    void silenceShorterThanTwoSecondsIsIgnored() {
        TestAudio.run(detector, segment(sine(440, -20), 3.0, 4.8, silence()), 2, 8);
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void oneDeadChannelIsChannelScopeSilence() {
        TestAudio.Signal rightDies = perChannel(1, sine(440, -20), segment(sine(440, -20), 2.0, 7.0, silence()));
        TestAudio.run(detector, rightDies, 2, 10);

        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.detail()).containsEntry("scope", "channel").containsEntry("channels", List.of(1));
            assertThat(d.startSec()).isCloseTo(2.0, within(0.1));
            assertThat(d.endSec()).isCloseTo(7.0, within(0.1));
        });
    }

    @Test
    void allChannelsSilentIsReportedOnceAsOverall() {
        TestAudio.run(detector, segment(sine(440, -20), 1.0, 9.0, silence()), 6, 10);

        assertThat(sink.closed)
                .singleElement()
                .satisfies(d -> assertThat(d.detail()).containsEntry("scope", "overall"));
    }

    @Test
    void silentLfeOfFivePointOneIsNormal() {
        TestAudio.Signal noLfe = (c, n, t) -> c == 3 ? 0.0 : sine(440, -20).sample(c, n, t);
        TestAudio.run(detector, noLfe, 6, 6);
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void silenceRunningToTheEndIsReportedOpenAtEnd() {
        TestAudio.run(detector, segment(sine(440, -20), 4.0, 100, silence()), 2, 8);

        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.openAtEnd()).isTrue();
            assertThat(d.startSec()).isCloseTo(4.0, within(0.1));
            assertThat(d.endSec()).isEqualTo(8.0);
        });
    }

    @Test
    void usesBlockPtsAsTimeBase() {
        // blocks start at pts 100 s: the defect is in media time, not sample count
        TestAudio.Recorder r = new TestAudio.Recorder();
        SilenceDetector d = new SilenceDetector(SilenceDetector.DEFAULTS, r);
        for (var b : TestAudio.blocks(segment(sine(440, -20), 3.0, 6.0, silence()), 48_000, 2, 10, 1024)) {
            d.onAudio(
                    new dev.vigil.worker.media.AudioBlock(b.ptsSec() + 100, b.sampleRate(), b.channels(), b.length()));
        }
        d.finish(110);
        assertThat(r.closed)
                .singleElement()
                .satisfies(x -> assertThat(x.startSec()).isCloseTo(103.0, within(0.1)));
    }

    @Test
    void thresholdIsConfigurable() {
        SilenceDetector strict = new SilenceDetector(SilenceDetector.DEFAULTS.withThreshold("levelDb", -40.0), sink);
        TestAudio.run(strict, segment(sine(440, -20), 2.0, 8.0, sine(440, -45)), 2, 10);
        assertThat(sink.closed).hasSize(1);
    }
}
