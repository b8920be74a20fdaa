package dev.vigil.worker.media;

/**
 * A small grey picture: the decoded luma plane box-averaged down to a model's input size (see
 * {@link LumaDownscaler}), one byte per pixel, row-major. Made on the decode thread only for frames a model
 * samples; the array belongs to this image and is never modified.
 *
 * @param previous the same-size image of the frame decoded just before this one, for temporal models
 *                 ({@link LumaSampling#withPrevious()}); null when not asked for
 */
public record LumaImage(int width, int height, byte[] pixels, LumaImage previous) {

    public LumaImage {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " pixels, got " + pixels.length);
        }
        if (previous != null && (previous.width != width || previous.height != height || previous.previous != null)) {
            throw new IllegalArgumentException("previous image must be a plain " + width + "x" + height + " image");
        }
    }

    public LumaImage(int width, int height, byte[] pixels) {
        this(width, height, pixels, null);
    }

    /** This image with {@code before} (the frame decoded just before it) attached. */
    public LumaImage withPrevious(LumaImage before) {
        return new LumaImage(width, height, pixels, before);
    }

    public int get(int x, int y) {
        return pixels[y * width + x] & 0xFF;
    }
}
