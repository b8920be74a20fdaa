package dev.vigil.worker.media;

/**
 * A small grey picture: the decoded luma plane box-averaged down to a model's input size (see
 * {@link LumaDownscaler}), one byte per pixel, row-major. Made on the decode thread only for frames a model
 * samples; the array belongs to this image and is never modified.
 */
public record LumaImage(int width, int height, byte[] pixels) {

    public LumaImage {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " pixels, got " + pixels.length);
        }
    }

    public int get(int x, int y) {
        return pixels[y * width + x] & 0xFF;
    }
}
