package dev.vigil.worker.detect.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The alignment on its own: event lists in, offset and confidence (or unknown) out. */
class EventAlignerTest {

    private final EventAligner aligner = new EventAligner(1000, 3, 0.5);

    private static EventTimes times(double... t) {
        double[] sorted = t.clone();
        Arrays.sort(sorted);
        EventTimes e = new EventTimes();
        for (double x : sorted) {
            e.add(x);
        }
        return e;
    }

    private ContentEstimate align(EventTimes video, EventTimes audio) {
        return aligner.align(video, 0, video.size(), audio, 25);
    }

    @Test
    void findsTheOffsetOfCutsAndTheirSoundsAmongUnrelatedOnsets() {
        double[] cuts = {1.0, 3.4, 4.9, 8.2, 10.0, 12.7};
        double[] sounds = new double[cuts.length + 5];
        double[] jitter = {0.003, -0.002, 0.001, -0.004, 0.002, 0.0};
        for (int i = 0; i < cuts.length; i++) {
            sounds[i] = cuts[i] + 0.120 + jitter[i];
        }
        // onsets that belong to nothing on the picture (speech, music)
        System.arraycopy(new double[] {2.2, 5.9, 6.6, 9.3, 11.1}, 0, sounds, cuts.length, 5);
        ContentEstimate e = align(times(cuts), times(sounds));
        assertThat(e.isKnown()).as(e.toString()).isTrue();
        assertThat(e.offsetMs()).isCloseTo(120.5, within(2.0));
        assertThat(e.pairs()).isEqualTo(6);
        assertThat(e.confidence()).isGreaterThan(0.9);
    }

    @Test
    void signConventionSoundBeforePictureIsNegative() {
        double[] cuts = {1.0, 3.4, 4.9, 8.2};
        double[] sounds = Arrays.stream(cuts).map(t -> t - 0.250).toArray();
        assertThat(align(times(cuts), times(sounds)).offsetMs()).isCloseTo(-250, within(1.0));
    }

    @Test
    void periodicEventsWithinTheSearchRangeAreAmbiguousNotGuessed() {
        // a flash and beep every 0.8 s: +100 ms and -700 ms explain them alike
        double[] flashes = new double[12];
        for (int i = 0; i < flashes.length; i++) {
            flashes[i] = 1 + 0.8 * i;
        }
        double[] beeps = Arrays.stream(flashes).map(t -> t + 0.1).toArray();
        ContentEstimate e = align(times(flashes), times(beeps));
        assertThat(e.isKnown()).isFalse();
        assertThat(e.reason()).contains("ambiguous");
    }

    @Test
    void tooFewEventsIsUnknown() {
        ContentEstimate e = align(times(1.0, 5.0), times(1.1, 5.1));
        assertThat(e.isKnown()).isFalse();
        assertThat(e.reason()).contains("too few visual events");
    }

    /**
     * Unrelated events line up by chance at some offset in well under 1 window in 1000, and never so well that one
     * window would be believed on its own ({@link ContentSync} then waits for a second window to agree).
     */
    @Test
    void unrelatedEventsRarelyLineUpAndNeverConvincingly() {
        Random rng = new Random(11);
        int known = 0;
        int trials = 3000;
        for (int trial = 0; trial < trials; trial++) {
            double[] cuts = rng.doubles(3 + rng.nextInt(6), 0, 15).toArray();
            double[] onsets = rng.doubles(3 + rng.nextInt(20), -1, 16).toArray();
            ContentEstimate e = align(times(cuts), times(onsets));
            if (e.isKnown()) {
                known++;
                assertThat(e.chance()).as(e.toString()).isGreaterThan(ContentSync.CERTAIN);
            }
        }
        assertThat(known).as("windows of unrelated events given an offset").isLessThanOrEqualTo(trials / 1000);
    }
}
