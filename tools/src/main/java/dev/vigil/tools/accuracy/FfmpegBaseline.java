package dev.vigil.tools.accuracy;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.DetectorSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * FFmpeg's filters as a detector: freezedetect, blackdetect and silencedetect as they report; blockdetect's
 * per-frame score and an astats clipping check (a 50 ms window clips when its peak is at least {@code clipLevelDb}
 * and the peak level was reached at least {@code clipPeakCount} times) turned into intervals by Vigil's own
 * {@link DefectGate} with the same hold times as Vigil's detectors (blockiness 1 s / 1 s, clipping 0 s / 0.5 s).
 * The blockdetect threshold and the clipping check's two numbers are tuned on the dev split ({@link #tune}).
 *
 * @param blockThreshold a frame is blocky when blockdetect scores it above this
 */
record FfmpegBaseline(double blockThreshold, double clipLevelDb, double clipPeakCount) {

    /** Tuned on the dev split (best F1 there; see {@code vigil eval --tune-ffmpeg}). */
    static final FfmpegBaseline TUNED = new FfmpegBaseline(2.75, -0.01, 1);

    List<Detection> detections(FfmpegMeasurements m) {
        List<Detection> out = new ArrayList<>(m.intervals());
        out.addAll(gated(
                DefectType.BLOCKINESS,
                1.0,
                1.0,
                m.block().stream()
                        .map(s -> new Sample(s.t(), s.score() > blockThreshold))
                        .toList(),
                m.durationSec()));
        out.addAll(gated(
                DefectType.CLIPPING,
                0.0,
                0.5,
                m.astats().stream()
                        .map(w -> new Sample(w.t(), w.peakDb() >= clipLevelDb && w.peakCount() >= clipPeakCount))
                        .toList(),
                m.durationSec()));
        return out;
    }

    private record Sample(double t, boolean condition) {}

    private static List<Detection> gated(
            DefectType type, double raiseSec, double clearSec, List<Sample> samples, double endSec) {
        List<Detection> out = new ArrayList<>();
        DefectSink sink = new DefectSink() {
            @Override
            public void opened(Defect defect) {}

            @Override
            public void closed(Defect defect) {
                out.add(new Detection(type.wireName(), defect.startSec(), defect.endSec(), null));
            }
        };
        DefectGate gate =
                new DefectGate(type, new DetectorSettings(true, Severity.MAJOR, raiseSec, clearSec, Map.of()), sink);
        double last = 0;
        for (Sample s : samples) {
            gate.update(s.t(), s.condition(), Map::of);
            last = s.t();
        }
        gate.finish(Math.max(endSec, last), Map::of);
        return out;
    }

    /**
     * The thresholds with the best F1 per type on {@code clips} (the dev split): blockdetect's score, and the
     * clipping check's level and peak count.
     */
    static FfmpegBaseline tune(List<Clip> clips, List<FfmpegMeasurements> measured) {
        double bestBlock = TUNED.blockThreshold();
        double bestF1 = -1;
        for (double th = 1.0; th <= 12.0; th += 0.25) {
            FfmpegBaseline b = new FfmpegBaseline(th, TUNED.clipLevelDb(), TUNED.clipPeakCount());
            double f1 =
                    Scorer.score(clips, detect(b, measured)).get("blockiness").f1();
            if (f1 > bestF1) {
                bestF1 = f1;
                bestBlock = th;
            }
        }
        double bestLevel = TUNED.clipLevelDb();
        double bestCount = TUNED.clipPeakCount();
        bestF1 = -1;
        for (double level : new double[] {-1.0, -0.5, -0.2, -0.1, -0.01}) {
            for (double count : new double[] {1, 2, 3, 4, 6, 8, 12, 16, 24, 32}) {
                FfmpegBaseline b = new FfmpegBaseline(bestBlock, level, count);
                double f1 =
                        Scorer.score(clips, detect(b, measured)).get("clipping").f1();
                if (f1 > bestF1) {
                    bestF1 = f1;
                    bestLevel = level;
                    bestCount = count;
                }
            }
        }
        return new FfmpegBaseline(bestBlock, bestLevel, bestCount);
    }

    private static List<List<Detection>> detect(FfmpegBaseline b, List<FfmpegMeasurements> measured) {
        return measured.stream().map(b::detections).toList();
    }
}
