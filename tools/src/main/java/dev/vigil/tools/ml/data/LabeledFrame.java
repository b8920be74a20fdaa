package dev.vigil.tools.ml.data;

/**
 * A decoded frame with its label.
 *
 * @param luma          full-resolution luma plane, {@code width*height} bytes (valid during the callback only)
 * @param previous      luma plane of the frame decoded just before it in the same decode (the frame itself for a
 *                      clip's first frame): what the temporal model compares it with
 * @param corrupt       true for a damaged frame that differs visibly from the clean decode of the same frame
 * @param badBlockShare share of 16×16 blocks whose mean absolute difference to the clean frame is large
 */
public record LabeledFrame(
        Clip clip,
        int index,
        byte[] luma,
        byte[] previous,
        int width,
        int height,
        boolean corrupt,
        double badBlockShare) {}
