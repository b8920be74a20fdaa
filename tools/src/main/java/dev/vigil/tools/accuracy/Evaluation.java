package dev.vigil.tools.accuracy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of the accuracy benchmark over a split: makes the clips that are missing, runs Vigil and FFmpeg's filters
 * on every clip, and scores both against the labels.
 */
final class Evaluation {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path workDir;
    private final PrintStream log;

    Evaluation(Path workDir, PrintStream log) {
        this.workDir = workDir;
        this.log = log;
    }

    /** What a run found. {@code ffmpeg} is null when FFmpeg's filters were not run. */
    record Result(
            String split,
            List<Clip> clips,
            List<Path> files,
            List<List<Detection>> vigil,
            List<FfmpegMeasurements> ffmpeg,
            double vigilSec,
            VigilRunner.Decoded decoded) {}

    /** Makes (once) and lists the files of the split's clips; writes the labels next to them. */
    List<Path> render(String split, List<Clip> clips) {
        Path dir = workDir.resolve(split);
        ClipRenderer renderer = new ClipRenderer(dir);
        List<Path> files = new ArrayList<>();
        List<Map<String, Object>> manifest = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Clip clip : clips) {
            Path file = renderer.render(clip);
            files.add(file);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", clip.id());
            entry.put("file", file.getFileName().toString());
            entry.put("description", clip.describe());
            entry.put("labels", clip.labels());
            manifest.add(entry);
            log.printf(
                    Locale.ROOT,
                    "\r%s: %d/%d clips ready (%.0f s)",
                    split,
                    files.size(),
                    clips.size(),
                    (System.nanoTime() - t0) / 1e9);
        }
        log.println();
        try {
            JSON.writeValue(dir.resolve("labels.json").toFile(), manifest);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write labels: " + e.getMessage(), e);
        }
        return files;
    }

    Result run(String split, List<Clip> clips, VigilRunner.Settings vigilSettings, boolean withFfmpeg) {
        List<Path> files = render(split, clips);
        List<List<Detection>> vigil = new ArrayList<>();
        long t0 = System.nanoTime();
        VigilRunner.Decoded decoded;
        try (VigilRunner runner = new VigilRunner(vigilSettings)) {
            for (Path f : files) {
                vigil.add(runner.run(f));
                log.printf(Locale.ROOT, "\rVigil: %d/%d clips", vigil.size(), files.size());
            }
            decoded = runner.decoded();
        }
        double vigilSec = (System.nanoTime() - t0) / 1e9;
        log.println();
        List<FfmpegMeasurements> ffmpeg = null;
        if (withFfmpeg) {
            ffmpeg = new ArrayList<>();
            FfmpegRunner runner = new FfmpegRunner();
            for (Path f : files) {
                ffmpeg.add(runner.measure(f));
                log.printf(Locale.ROOT, "\rFFmpeg filters: %d/%d clips", ffmpeg.size(), files.size());
            }
            log.println();
        }
        return new Result(split, clips, files, vigil, ffmpeg, vigilSec, decoded);
    }

    static boolean hasSystemFfmpeg() {
        return Ffmpegs.hasSystem();
    }

    static Path defaultWorkDir() {
        return Path.of("target", "accuracy");
    }

    static void ensureDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
