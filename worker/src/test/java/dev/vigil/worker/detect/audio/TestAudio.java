package dev.vigil.worker.detect.audio;

import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.media.AudioBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic audio for detector tests. */
final class TestAudio {

    private TestAudio() {}

    /** Value of channel {@code c} at sample index {@code n} (time {@code n / rate}). */
    @FunctionalInterface
    interface Signal {
        double sample(int c, long n, double t);
    }

    static double amp(double dbfs) {
        return Math.pow(10.0, dbfs / 20.0);
    }

    static Signal sine(double freq, double dbfs) {
        double a = amp(dbfs);
        return (c, n, t) -> a * Math.sin(2 * Math.PI * freq * t);
    }

    static Signal silence() {
        return (c, n, t) -> 0.0;
    }

    /** Gaussian white noise with the given RMS level, one fixed-seed generator per channel. */
    static Signal noise(double rmsDbfs, int channels, long seed) {
        double a = amp(rmsDbfs);
        Random[] rng = new Random[channels];
        for (int c = 0; c < channels; c++) {
            rng[c] = new Random(seed + c);
        }
        return (c, n, t) -> a * rng[c].nextGaussian();
    }

    /** {@code inner} between {@code from} and {@code to} seconds, {@code outer} elsewhere. */
    static Signal segment(Signal outer, double from, double to, Signal inner) {
        return (c, n, t) -> t >= from && t < to ? inner.sample(c, n, t) : outer.sample(c, n, t);
    }

    /** {@code first} on channel 0 .. k-1 where {@code k = split}, {@code second} on the others. */
    static Signal perChannel(int split, Signal first, Signal second) {
        return (c, n, t) -> c < split ? first.sample(c, n, t) : second.sample(c, n, t);
    }

    static Signal hardClip(Signal s, double limit) {
        return (c, n, t) -> Math.max(-limit, Math.min(limit, s.sample(c, n, t)));
    }

    /**
     * {@code s} through a low-pass filter at {@code cutoffHz} (a 63-tap windowed sinc), as a lossy codec rebuilds
     * it: a flattened peak comes back rippling around its level and overshooting it. Works on one channel's samples
     * in order (the signal is evaluated around each sample).
     */
    static Signal lowPass(Signal s, double cutoffHz, int rate) {
        int taps = 63;
        double[] h = new double[taps];
        double fc = cutoffHz / rate;
        double sum = 0;
        for (int k = 0; k < taps; k++) {
            int m = k - taps / 2;
            double sinc = m == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
            double window = 0.54 - 0.46 * Math.cos(2 * Math.PI * k / (taps - 1));
            h[k] = sinc * window;
            sum += h[k];
        }
        for (int k = 0; k < taps; k++) {
            h[k] /= sum;
        }
        return (c, n, t) -> {
            double y = 0;
            for (int k = 0; k < taps; k++) {
                long j = n + k - taps / 2;
                y += h[k] * s.sample(c, j, (double) j / rate);
            }
            return y;
        };
    }

    /** Splits {@code durationSec} of {@code signal} into blocks of {@code blockLength} samples. */
    static List<AudioBlock> blocks(Signal signal, int rate, int channels, double durationSec, int blockLength) {
        long total = Math.round(durationSec * rate);
        List<AudioBlock> out = new ArrayList<>();
        for (long start = 0; start < total; start += blockLength) {
            int len = (int) Math.min(blockLength, total - start);
            float[][] data = new float[channels][len];
            for (int i = 0; i < len; i++) {
                long n = start + i;
                double t = (double) n / rate;
                for (int c = 0; c < channels; c++) {
                    data[c][i] = (float) signal.sample(c, n, t);
                }
            }
            out.add(new AudioBlock((double) start / rate, rate, data, len));
        }
        return out;
    }

    /** Feeds the signal to {@code detector} in blocks and finishes at the end of the audio. */
    static void run(Detector detector, Signal signal, int rate, int channels, double durationSec, int blockLength) {
        for (AudioBlock b : blocks(signal, rate, channels, durationSec, blockLength)) {
            detector.onAudio(b);
        }
        detector.finish(durationSec);
    }

    static void run(Detector detector, Signal signal, int channels, double durationSec) {
        run(detector, signal, 48_000, channels, durationSec, 1024);
    }

    /** Records what a detector reports. */
    static final class Recorder implements DefectSink {
        final List<Defect> opened = new ArrayList<>();
        final List<Defect> closed = new ArrayList<>();

        @Override
        public void opened(Defect defect) {
            opened.add(defect);
        }

        @Override
        public void closed(Defect defect) {
            closed.add(defect);
        }
    }
}
