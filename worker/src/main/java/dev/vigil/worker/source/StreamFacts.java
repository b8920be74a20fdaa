package dev.vigil.worker.source;

/**
 * What a stream is, as far as the decoder can tell: shown to users and compared across reconnects to
 * raise change events. Zero/null means "not present or not known"; {@code durationSec} is 0 for live sources.
 */
public record StreamFacts(
        String container,
        String videoCodec,
        int width,
        int height,
        double frameRate,
        String pixelFormat,
        String audioCodec,
        int sampleRate,
        int audioChannels,
        String channelLayout,
        long bitrate,
        double durationSec) {

    public boolean hasVideo() {
        return videoCodec != null;
    }

    public boolean hasAudio() {
        return audioCodec != null;
    }

    /** "WxH", or null without video or before its size is known (a live stream joined between key pictures). */
    public String resolution() {
        return hasVideo() && width > 0 && height > 0 ? width + "x" + height : null;
    }

    public StreamFacts withResolution(int newWidth, int newHeight) {
        return new StreamFacts(
                container,
                videoCodec,
                newWidth,
                newHeight,
                frameRate,
                pixelFormat,
                audioCodec,
                sampleRate,
                audioChannels,
                channelLayout,
                bitrate,
                durationSec);
    }

    public StreamFacts withBitrate(long newBitrate) {
        return new StreamFacts(
                container,
                videoCodec,
                width,
                height,
                frameRate,
                pixelFormat,
                audioCodec,
                sampleRate,
                audioChannels,
                channelLayout,
                newBitrate,
                durationSec);
    }
}
