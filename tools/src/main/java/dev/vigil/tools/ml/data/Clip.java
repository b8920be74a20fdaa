package dev.vigil.tools.ml.data;

/**
 * One generated clip: content encoded with {@code codec}, then damaged.
 *
 * @param codec {@code h264} (openh264) or {@code mpeg2}
 */
public record Clip(String id, Content content, int width, int height, String codec, Damage damage, long seed) {}
