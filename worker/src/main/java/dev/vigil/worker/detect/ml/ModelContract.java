package dev.vigil.worker.detect.ml;

import java.util.Locale;

/**
 * How to feed an ONNX model and read its answer. The input is the stream's luma plane, box-averaged to
 * {@code width}×{@code height} (see {@code LumaDownscaler}), as float32 {@code (pixel - mean) / std} in a
 * rank-4 tensor {@code [N,1,H,W]} (NCHW) or {@code [N,H,W,1]} (NHWC). Only grey (one channel) input is
 * supported: the decode thread derives it from the luma plane it reads anyway; colour would need a
 * colour conversion per sampled frame. The output is a float tensor {@code [N,K]} (or {@code [N]}); element
 * {@code scoreIndex} of each row, after {@code activation}, is the frame's score, and a frame with
 * {@code score >= threshold} shows the defect.
 *
 * <p>{@code frames == 2} (the built-in temporal model only; not something a bring-your-own model can declare):
 * the input is {@code [N,2,H,W]}, channel 0 the sampled frame and channel 1 the frame decoded just before it.
 *
 * @param width  input width; 0 = take it from the model (which must then declare it)
 * @param height input height; 0 = take it from the model
 * @param frames 1: the sampled frame; 2: the sampled frame and the one decoded before it (NCHW only)
 */
public record ModelContract(
        int width,
        int height,
        Layout layout,
        Colour colour,
        double mean,
        double std,
        int scoreIndex,
        Activation activation,
        double threshold,
        int frames) {

    public enum Layout {
        NCHW,
        NHWC
    }

    /** Only grey today; {@code rgb} is recognised so that asking for it gives a clear error. */
    public enum Colour {
        GREY,
        RGB
    }

    public enum Activation {
        NONE,
        SIGMOID,
        SOFTMAX
    }

    /** Defaults for what a contract leaves out: grey NCHW, pixels scaled to 0..1, score = output 0 as it is, threshold 0.5. */
    public static final ModelContract DEFAULTS =
            new ModelContract(0, 0, Layout.NCHW, Colour.GREY, 0, 255, 0, Activation.NONE, 0.5);

    /** A single-frame contract: every bring-your-own model's. */
    public ModelContract(
            int width,
            int height,
            Layout layout,
            Colour colour,
            double mean,
            double std,
            int scoreIndex,
            Activation activation,
            double threshold) {
        this(width, height, layout, colour, mean, std, scoreIndex, activation, threshold, 1);
    }

    public ModelContract {
        if (frames != 1 && (frames != 2 || layout != Layout.NCHW)) {
            throw new IllegalArgumentException("frames must be 1, or 2 with the NCHW layout");
        }
        if (width < 0 || height < 0 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException("input size " + width + "x" + height + " out of range (1..4096)");
        }
        if (!(std > 0)) {
            throw new IllegalArgumentException("std must be > 0");
        }
        if (scoreIndex < 0) {
            throw new IllegalArgumentException("scoreIndex must be >= 0");
        }
        if (colour == Colour.RGB) {
            throw new IllegalArgumentException(
                    "colour rgb is not supported: Vigil feeds models the luma plane (colour: grey)");
        }
    }

    public ModelContract withSize(int w, int h) {
        return new ModelContract(w, h, layout, colour, mean, std, scoreIndex, activation, threshold, frames);
    }

    public String describe() {
        return String.format(
                Locale.ROOT,
                "%dx%d %s grey%s, (x-%s)/%s, score=output[%d]%s >= %s",
                width,
                height,
                layout,
                frames == 2 ? " + previous frame" : "",
                num(mean),
                num(std),
                scoreIndex,
                activation == Activation.NONE
                        ? ""
                        : " after " + activation.name().toLowerCase(Locale.ROOT),
                num(threshold));
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
