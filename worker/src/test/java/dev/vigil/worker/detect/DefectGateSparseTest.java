package dev.vigil.worker.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A gate fed pictures a GOP apart (keyframes decoding) finds a condition that lasted long enough although no two
 * samples were raiseSec apart, and places its edges half-way through the gaps; without sparse sampling, or fed
 * every picture, the edges are on the samples.
 */
class DefectGateSparseTest {

    private static final DetectorSettings SETTINGS = new DetectorSettings(true, Severity.MAJOR, 2.0, 0.12, Map.of());

    private final List<Defect> closed = new ArrayList<>();
    private final DefectSink sink = new DefectSink() {
        @Override
        public void opened(Defect defect) {}

        @Override
        public void closed(Defect defect) {
            closed.add(defect);
        }
    };

    /** Black from 10.0 to 12.5 s, sampled every {@code step} seconds from 0 to 20 s. */
    private void feed(DefectGate gate, double step) {
        for (double t = 0; t < 20; t += step) {
            gate.update(t, t >= 10.0 - 1e-9 && t < 12.5, Map::of);
        }
        gate.finish(20, Map::of);
    }

    @Test
    void keyPicturesASecondApartStillFindATwoAndAHalfSecondDefect() {
        // samples at 9.6 (clear), 10.56, 11.52, 12.48 (black), 13.44 (clear): the samples span 1.92 s only
        feed(new DefectGate(DefectType.BLACK, SETTINGS, sink).sparseAfter(0.1), 0.96);
        assertThat(closed).singleElement().satisfies(d -> {
            assertThat(d.startSec()).isCloseTo((9.6 + 10.56) / 2, within(1e-6));
            assertThat(d.endSec()).isCloseTo((12.48 + 13.44) / 2, within(1e-6));
        });
    }

    @Test
    void withoutSparseSamplingTheEdgesStayOnTheSamples() {
        // the condition holds from its first sample to the first sample without it: 10.56 to 13.44
        feed(new DefectGate(DefectType.BLACK, SETTINGS, sink), 0.96);
        assertThat(closed).singleElement().satisfies(d -> {
            assertThat(d.startSec()).isCloseTo(10.56, within(1e-6));
            assertThat(d.endSec()).isCloseTo(13.44, within(1e-6));
        });
    }

    @Test
    void everyPictureKeepsTheEdgesOnTheSamples() {
        feed(new DefectGate(DefectType.BLACK, SETTINGS, sink).sparseAfter(0.1), 0.04);
        assertThat(closed).singleElement().satisfies(d -> {
            assertThat(d.startSec()).isCloseTo(10.0, within(1e-6));
            assertThat(d.endSec()).isCloseTo(12.52, within(1e-6));
        });
    }
}
