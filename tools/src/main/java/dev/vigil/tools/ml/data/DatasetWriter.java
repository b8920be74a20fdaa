package dev.vigil.tools.ml.data;

import dev.vigil.worker.media.LumaDownscaler;
import dev.vigil.worker.media.LumaImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Writes labelled frames as the training script reads them: {@code inputs.u8} (every frame's model input,
 * {@code width*height} bytes each, made by the worker's own {@link LumaDownscaler}), {@code previous.u8} (the
 * same for the frame decoded just before each one: the temporal model's second channel) and {@code labels.csv}
 * (one row per frame, same order).
 */
public final class DatasetWriter implements Consumer<LabeledFrame>, AutoCloseable {

    private final OutputStream inputs;
    private final OutputStream previous;
    private final PrintWriter labels;
    private final LumaDownscaler downscaler;
    private int count;
    private int corrupt;

    public DatasetWriter(Path dir, int width, int height) throws IOException {
        Files.createDirectories(dir);
        this.inputs = new BufferedOutputStream(Files.newOutputStream(dir.resolve("inputs.u8")));
        this.previous = new BufferedOutputStream(Files.newOutputStream(dir.resolve("previous.u8")));
        this.labels = new PrintWriter(Files.newBufferedWriter(dir.resolve("labels.csv")));
        this.labels.println(
                "clip,frame,corrupt,content,codec,damage,width,height,badBlockShare,inputWidth,inputHeight");
        this.downscaler = new LumaDownscaler(width, height);
    }

    @Override
    public void accept(LabeledFrame f) {
        LumaImage img = downscaler.downscale(f.luma(), f.width(), f.height());
        try {
            inputs.write(img.pixels());
            previous.write(
                    downscaler.downscale(f.previous(), f.width(), f.height()).pixels());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Clip c = f.clip();
        labels.printf(
                Locale.ROOT,
                "%s,%d,%d,%s,%s,%s,%d,%d,%.4f,%d,%d%n",
                c.id(),
                f.index(),
                f.corrupt() ? 1 : 0,
                c.content().name(),
                c.codec(),
                c.damage().name().toLowerCase(Locale.ROOT),
                f.width(),
                f.height(),
                f.badBlockShare(),
                img.width(),
                img.height());
        count++;
        if (f.corrupt()) {
            corrupt++;
        }
    }

    public int count() {
        return count;
    }

    public int corrupt() {
        return corrupt;
    }

    @Override
    public void close() throws IOException {
        inputs.close();
        previous.close();
        labels.close();
    }
}
