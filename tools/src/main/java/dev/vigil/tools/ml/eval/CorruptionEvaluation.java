package dev.vigil.tools.ml.eval;

import dev.vigil.tools.ml.data.CorruptionDataset;
import dev.vigil.tools.ml.data.LabeledFrame;
import dev.vigil.worker.detect.ml.ModelRuntime;
import dev.vigil.worker.media.FrameAnalyzer;
import dev.vigil.worker.media.LumaDownscaler;
import dev.vigil.worker.media.LumaImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores every frame of a generated split with the model and with the classic blockiness measure (the
 * {@link FrameAnalyzer}'s, taken on every frame), and optionally keeps the full-resolution frames so that
 * FFmpeg's blockdetect can score the same frames ({@link BlockdetectRun}).
 */
public final class CorruptionEvaluation {

    private final ModelRuntime model;
    private final Path framesDir;
    private final Scores modelScores = new Scores();
    private final Scores blockiness = new Scores();
    private final List<Boolean> labels = new ArrayList<>();
    /** Full-resolution frames per picture size, in evaluation order, for blockdetect; null when not kept. */
    private final Map<String, OutputStream> frameFiles = new LinkedHashMap<>();

    private final List<String> frameSizes = new ArrayList<>();
    private final List<LumaImage> pending = new ArrayList<>();
    private final List<Boolean> pendingLabels = new ArrayList<>();
    private final LumaDownscaler downscaler;

    /**
     * @param framesDir where to keep full frames for blockdetect, or null not to keep them
     */
    public CorruptionEvaluation(ModelRuntime model, Path framesDir) {
        this.model = model;
        this.framesDir = framesDir;
        this.downscaler =
                new LumaDownscaler(model.contract().width(), model.contract().height());
    }

    public void run(CorruptionDataset data) throws IOException, InterruptedException {
        try {
            data.generate(this::accept);
            flush();
        } finally {
            for (OutputStream o : frameFiles.values()) {
                o.close();
            }
        }
    }

    private void accept(LabeledFrame f) {
        labels.add(f.corrupt());
        FrameAnalyzer analyzer = new FrameAnalyzer(Double.POSITIVE_INFINITY);
        double b = analyzer.analyze(ByteBuffer.wrap(f.luma()), f.width(), f.width(), f.height(), 0)
                .blocking()
                .score();
        blockiness.add(b, f.corrupt());
        LumaImage image = downscaler.downscale(f.luma(), f.width(), f.height());
        if (model.contract().frames() == 2) {
            image = image.withPrevious(downscaler.downscale(f.previous(), f.width(), f.height()));
        }
        pending.add(image);
        pendingLabels.add(f.corrupt());
        if (pending.size() == 16) {
            flush();
        }
        if (framesDir != null) {
            String size = f.width() + "x" + f.height();
            frameSizes.add(size);
            try {
                OutputStream o = frameFiles.get(size);
                if (o == null) {
                    o = new java.io.BufferedOutputStream(Files.newOutputStream(framesDir.resolve(size + ".gray")));
                    frameFiles.put(size, o);
                }
                o.write(f.luma());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            double[] s = model.score(pending);
            for (int i = 0; i < s.length; i++) {
                modelScores.add(s[i], pendingLabels.get(i));
            }
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException(e);
        }
        pending.clear();
        pendingLabels.clear();
    }

    public Scores model() {
        return modelScores;
    }

    public Scores blockiness() {
        return blockiness;
    }

    public List<Boolean> labels() {
        return labels;
    }

    /** Picture size ("1280x720") of every frame, in order; empty when frames were not kept. */
    public List<String> frameSizes() {
        return frameSizes;
    }

    public Path framesDir() {
        return framesDir;
    }
}
