package dev.vigil.tools.bench;

import dev.vigil.tools.ml.data.CorruptionDataset;
import dev.vigil.tools.ml.eval.BlockdetectRun;
import dev.vigil.tools.ml.eval.CorruptionEvaluation;
import dev.vigil.tools.ml.eval.Scores;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.catalog.DetectorCatalog;
import dev.vigil.worker.detect.ml.CorruptionModel;
import dev.vigil.worker.detect.ml.ModelRuntime;
import dev.vigil.worker.detect.ml.OnnxDetector;
import dev.vigil.worker.media.LumaDownscaler;
import dev.vigil.worker.media.LumaImage;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * {@code vigil bench-ml}: the block-corruption model against the classic blockiness measure and FFmpeg's
 * blockdetect on the same generated frames (thresholds of the classic ones tuned on the tuning split), and
 * what the model costs: CPU per inference at batch 1 and 16, and the CPU it adds to a 720p25 stream at its
 * default sampling rate, as a ratio to decoding that stream (measured in the same run).
 */
public final class MlBenchmark {

    private final ModelRuntime model;
    private final Path dir;
    private final PrintStream out;

    public MlBenchmark(ModelRuntime model, Path dir, PrintStream out) {
        this.model = model;
        this.dir = dir;
        this.out = out;
    }

    /** Accuracy table: tuning split (seed 2) picks thresholds, evaluation split (seed 3) reports. */
    public void accuracy(int repeats, double seconds) throws Exception {
        CorruptionEvaluation tune = evaluate(CorruptionDataset.Split.TUNE, 2, 1, seconds, "tune");
        Scores.Figures blockinessTuned = tune.blockiness().best();
        Scores.Figures blockdetectTuned = BlockdetectRun.score(tune).best();
        Scores.Figures modelTuned = tune.model().best();
        // the model at the false-positive rate of the default blockiness threshold, both taken on the tuning split
        Scores.Figures modelMatched =
                tune.model().atFalsePositiveRate(tune.blockiness().at(2.0).falsePositiveRate());
        out.printf(
                Locale.ROOT,
                "tuning split: %d frames (%d corrupt); best thresholds: model %.3f, blockiness %.3f, blockdetect %.3f%n",
                tune.labels().size(),
                tune.model().positives(),
                modelTuned.threshold(),
                blockinessTuned.threshold(),
                blockdetectTuned.threshold());

        CorruptionEvaluation eval = evaluate(CorruptionDataset.Split.EVAL, 3, repeats, seconds, "eval");
        Scores blockdetect = BlockdetectRun.score(eval);
        double modelThreshold = model.contract().threshold();
        out.printf(
                Locale.ROOT,
                "%nHeld-out evaluation split (content and seeds unseen in training): %d frames, %d corrupt%n%n",
                eval.labels().size(),
                eval.model().positives());
        out.println("| detector | threshold | precision | recall | F1 | clean frames called corrupt |");
        out.println("|---|---|---|---|---|---|");
        row("model:corruption (shipped threshold)", eval.model().at(modelThreshold));
        row(
                "model:corruption (threshold for blockiness's tuning false-positive rate)",
                eval.model().at(modelMatched.threshold()));
        row("blockiness (default threshold)", eval.blockiness().at(2.0));
        row("blockiness (tuned threshold)", eval.blockiness().at(blockinessTuned.threshold()));
        row("ffmpeg blockdetect (tuned threshold)", blockdetect.at(blockdetectTuned.threshold()));
        out.printf(
                Locale.ROOT,
                "| (every frame called corrupt) | - | %.3f | 1.000 | %.3f | 1.000 |%n",
                eval.model().positives() / (double) eval.model().size(),
                2.0
                        * eval.model().positives()
                        / (eval.model().size() + eval.model().positives()));
    }

    private CorruptionEvaluation evaluate(
            CorruptionDataset.Split split, long seed, int repeats, double seconds, String name) throws Exception {
        Path frames = Files.createDirectories(dir.resolve(name + "-frames"));
        CorruptionEvaluation e = new CorruptionEvaluation(model, frames);
        e.run(new CorruptionDataset(
                        split, seed, repeats, seconds, 4, 2, Files.createDirectories(dir.resolve(name + "-work")))
                .cachedIn(dir.resolve("frames-cache").resolve(name)));
        return e;
    }

    private void row(String label, Scores.Figures f) {
        out.printf(
                Locale.ROOT,
                "| %s | %.3g | %.3f | %.3f | **%.3f** | %.3f |%n",
                label,
                f.threshold(),
                f.precision(),
                f.recall(),
                f.f1(),
                f.falsePositiveRate());
    }

    /** Inference and downscale cost, and the model's added CPU on a 720p25 stream relative to decoding it. */
    public void cost(int seconds, int runs) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int w = model.contract().width();
        int h = model.contract().height();
        Random rnd = new Random(1);
        List<LumaImage> images = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            byte[] px = new byte[w * h];
            rnd.nextBytes(px);
            LumaImage image = new LumaImage(w, h, px);
            if (model.contract().frames() == 2) {
                byte[] before = new byte[w * h];
                rnd.nextBytes(before);
                image = image.withPrevious(new LumaImage(w, h, before));
            }
            images.add(image);
        }
        for (int i = 0; i < 30; i++) {
            model.score(images.subList(0, 1));
            model.score(images);
        }
        double batch1 = Double.MAX_VALUE;
        double batch16 = Double.MAX_VALUE;
        for (int r = 0; r < runs; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < 100; i++) {
                model.score(images.subList(0, 1));
            }
            long t1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < 20; i++) {
                model.score(images);
            }
            long t2 = threads.getCurrentThreadCpuTime();
            batch1 = Math.min(batch1, (t1 - t0) / 1e6 / 100);
            batch16 = Math.min(batch16, (t2 - t1) / 1e6 / 320);
        }
        byte[] plane = new byte[1280 * 720];
        rnd.nextBytes(plane);
        LumaDownscaler down = new LumaDownscaler(w, h);
        double downscale = Double.MAX_VALUE;
        for (int r = 0; r < runs + 3; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < 200; i++) {
                down.downscale(ByteBuffer.wrap(plane), 1280, 1280, 720);
            }
            downscale = Math.min(downscale, (threads.getCurrentThreadCpuTime() - t0) / 1e6 / 200);
        }
        out.printf(
                Locale.ROOT,
                "%n# model cost (%s, %d intra-op thread, CPU time of the calling thread, least of %d runs)%n%n",
                model.provider(),
                1,
                runs);
        out.println("| measure | value |");
        out.println("|---|---|");
        out.printf(
                Locale.ROOT,
                "| inference, batch 1 | %.3f ms/frame (%.0f frames/s per core) |%n",
                batch1,
                1000 / batch1);
        out.printf(
                Locale.ROOT,
                "| inference, batch 16 | %.3f ms/frame (%.0f frames/s per core) |%n",
                batch16,
                1000 / batch16);
        out.printf(Locale.ROOT, "| 720p luma → %dx%d downscale (decode thread) | %.3f ms/frame |%n", w, h, downscale);

        Path clip = BenchClips.clip(dir, "720p25", 1280, 720, seconds, "4M");
        Map<DetectorName, DetectorSettings> base = new TreeMap<>(DetectorCatalog.allDefaults());
        base.remove(DetectorName.model(CorruptionModel.NAME));
        Map<DetectorName, DetectorSettings> withModel = new TreeMap<>(base);
        withModel.put(
                DetectorName.model(CorruptionModel.NAME),
                DetectorCatalog.defaults(DetectorName.model(CorruptionModel.NAME))
                        .withOverrides(true, null, null, null, Map.of()));
        for (int i = 0; i < Benchmark.MIN_WARM_UP_PASSES; i++) {
            VigilRun.analyse(clip, 1, 1, false, withModel);
        }
        double[] decode = new double[runs];
        double[] vBase = new double[runs];
        double[] vModel = new double[runs];
        long frames = 0;
        for (int r = 0; r < runs; r++) {
            decode[r] = FfmpegRun.cpuSeconds(clip, null, null);
            vBase[r] = VigilRun.analyse(clip, 1, 1, false, base).cpuSec();
            VigilRun.Result m = VigilRun.analyse(clip, 1, 1, false, withModel);
            vModel[r] = m.cpuSec();
            frames = m.videoFrames();
        }
        double d = min(decode);
        double added = min(vModel) - min(vBase);
        double rate = OnnxDetector.DEFAULT_SAMPLES_PER_SEC;
        // a two-frame model's sample also downscales the frame decoded before it
        int downscales = model.contract().frames();
        double estimate = rate * (downscales * downscale + batch1) / 1000 * seconds;
        out.printf(
                Locale.ROOT,
                "| 720p25 decode (ffmpeg -threads 1) | %.2f ms/frame, %.1f ms CPU per second of stream |%n",
                d * 1000 / frames,
                d * 1000 / seconds);
        out.printf(
                Locale.ROOT,
                "| added per 720p25 stream at %.0f samples/s, from the parts (%s + batch-1 inference) | %.1f ms CPU/s = **%.1f%%** of decode |%n",
                rate,
                downscales == 1 ? "downscale" : downscales + " downscales",
                estimate * 1000 / seconds,
                100 * estimate / d);
        out.printf(
                Locale.ROOT,
                "| added per 720p25 stream, whole sessions with and without the model (noisier) | %.1f ms CPU/s = %.1f%% of decode |%n",
                added * 1000 / seconds,
                100 * added / d);
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }
}
