package dev.vigil.worker.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefectGateTest {

    private static final double FRAME = 0.04;

    /** Every transition, in order, as "opened minor", "escalated major", "closed major". */
    private static final class Transitions implements DefectSink {
        final List<String> seen = new ArrayList<>();
        final List<Defect> defects = new ArrayList<>();

        @Override
        public void opened(Defect d) {
            record("opened", d);
        }

        @Override
        public void escalated(Defect d) {
            record("escalated", d);
        }

        @Override
        public void closed(Defect d) {
            record("closed", d);
        }

        private void record(String what, Defect d) {
            seen.add(what + " " + d.severity().wireName());
            defects.add(d);
        }
    }

    private static final DetectorSettings BLACK = new DetectorSettings(true, Severity.MAJOR, 2.0, 0.12, Map.of());

    /** Frames at 25 fps: the condition holds on frames {@code [from, to)}, {@code frames} in all. */
    private static Transitions feed(DefectGate gate, Transitions sink, int frames, int from, int to) {
        for (int i = 0; i < frames; i++) {
            gate.update(i * FRAME, i >= from && i < to, Map::of);
        }
        gate.finish(frames * FRAME, Map::of);
        return sink;
    }

    @Test
    void conditionOfExactlyTheRaiseTimeOpensADefect() {
        // 50 frames of 40 ms: 2.00 s, found when the 51st frame (not black) arrives
        Transitions sink = new Transitions();
        feed(new DefectGate(DefectType.BLACK, BLACK, sink), sink, 200, 100, 150);
        assertThat(sink.seen).containsExactly("opened major", "closed major");
        assertThat(sink.defects.get(1).startSec()).isCloseTo(4.0, within(1e-9));
        assertThat(sink.defects.get(1).endSec()).isCloseTo(6.0, within(1e-9));
    }

    @Test
    void oneFrameShortOfTheRaiseTimeIsNot() {
        Transitions sink = new Transitions();
        feed(new DefectGate(DefectType.BLACK, BLACK, sink), sink, 200, 100, 149);
        assertThat(sink.seen).isEmpty();
    }

    @Test
    void shortEventIsMinorAndALongOneEscalates() {
        Transitions shortOne = new Transitions();
        feed(new DefectGate(DefectType.BLACK, BLACK, 1.0, shortOne), shortOne, 200, 100, 130); // 1.2 s
        assertThat(shortOne.seen).containsExactly("opened minor", "closed minor");
        assertThat(shortOne.defects.get(1).durationSec()).isCloseTo(1.2, within(1e-9));

        Transitions longOne = new Transitions();
        feed(new DefectGate(DefectType.BLACK, BLACK, 1.0, longOne), longOne, 300, 100, 200); // 4 s
        assertThat(longOne.seen).containsExactly("opened minor", "escalated major", "closed major");
        // same defect throughout: the escalation keeps its start, and came when it had lasted 2 s
        assertThat(longOne.defects).extracting(Defect::startSec).containsOnly(4.0);
        assertThat(longOne.defects.get(2).endSec()).isCloseTo(8.0, within(1e-9));
    }

    @Test
    void eventOfExactlyTheMinorTimeIsReported() {
        Transitions sink = new Transitions();
        feed(new DefectGate(DefectType.BLACK, BLACK, 1.0, sink), sink, 200, 100, 125); // 25 frames = 1.00 s
        assertThat(sink.seen).containsExactly("opened minor", "closed minor");
    }

    @Test
    void fadeShorterThanTheMinorTimeStaysQuiet() {
        Transitions sink = new Transitions();
        feed(new DefectGate(DefectType.BLACK, BLACK, 1.0, sink), sink, 200, 100, 112); // 0.48 s
        assertThat(sink.seen).isEmpty();
    }

    @Test
    void noMinorStageForAMinorDetectorOrAMinorTimeNotBelowTheRaiseTime() {
        DetectorSettings minor = new DetectorSettings(true, Severity.MINOR, 2.0, 0.12, Map.of());
        Transitions a = new Transitions();
        feed(new DefectGate(DefectType.BLACK, minor, 1.0, a), a, 200, 100, 130);
        assertThat(a.seen).isEmpty();

        Transitions b = new Transitions();
        feed(new DefectGate(DefectType.BLACK, BLACK, 2.0, b), b, 200, 100, 130);
        assertThat(b.seen).isEmpty();
    }

    @Test
    void escalationAtTheEndOfTheMediaCountsTheLastFrame() {
        // black from frame 100 to the end at frame 150: 2.00 s when the media ends
        Transitions sink = new Transitions();
        feed(new DefectGate(DefectType.BLACK, BLACK, 1.0, sink), sink, 150, 100, 150);
        assertThat(sink.seen).containsExactly("opened minor", "escalated major", "closed major");
        assertThat(sink.defects.get(2).openAtEnd()).isTrue();
    }
}
