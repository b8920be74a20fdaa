package dev.vigil.worker.detect.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.worker.media.AudioBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Sound onsets on synthetic stereo audio at 48 kHz, fed in 1024-sample blocks as the decoder delivers them. */
class AudioOnsetsTest {

    private static final int RATE = 48_000;

    private static List<Double> onsets(double seconds, DoubleUnaryOperator signal) {
        List<Double> found = new ArrayList<>();
        AudioOnsets onsets = new AudioOnsets(found::add);
        int total = (int) (seconds * RATE);
        for (int start = 0; start < total; start += 1024) {
            int n = Math.min(1024, total - start);
            float[][] ch = new float[2][n];
            for (int i = 0; i < n; i++) {
                float v = (float) signal.applyAsDouble((start + i) / (double) RATE);
                ch[0][i] = v;
                ch[1][i] = v;
            }
            onsets.onBlock(new AudioBlock(start / (double) RATE, RATE, ch, n));
        }
        return found;
    }

    private static double tone(double hz, double t) {
        return 0.3 * Math.sin(2 * Math.PI * hz * t);
    }

    @Test
    void beepsFromSilenceAreFoundToWithinAHop() {
        double[] beeps = {1.2345, 2.8765, 4.0101};
        List<Double> found = onsets(5, t -> {
            for (double b : beeps) {
                if (t >= b && t < b + 0.05) {
                    return tone(1000, t);
                }
            }
            return 0;
        });
        assertThat(found).hasSize(3);
        for (int i = 0; i < beeps.length; i++) {
            assertThat(found.get(i)).isCloseTo(beeps[i], within(AudioOnsets.HOP_SEC + 0.001));
        }
    }

    @Test
    void aSteadyToneOrQuietNoiseHasNoOnsets() {
        assertThat(onsets(4, t -> tone(440, t))).isEmpty();
        java.util.Random rng = new java.util.Random(3);
        assertThat(onsets(4, t -> 0.001 * rng.nextGaussian()))
                .as("-60 dBFS hiss")
                .isEmpty();
    }

    @Test
    void aCutToAnotherSoundAtTheSameLevelIsAnOnset() {
        List<Double> found = onsets(4, t -> t < 2.0 ? tone(200, t) : tone(3000, t));
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).isCloseTo(2.0, within(0.01));
    }

    @Test
    void aFallInLevelIsNotAnOnset() {
        assertThat(onsets(4, t -> t < 2.0 ? tone(440, t) : 0.1 * tone(440, t))).isEmpty();
    }
}
