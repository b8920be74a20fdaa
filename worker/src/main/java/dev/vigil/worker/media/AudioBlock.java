package dev.vigil.worker.media;

/**
 * One decoded audio buffer as planar float PCM in [-1, 1] (full scale = 1.0).
 * The arrays belong to this block; consumers must not keep references past the call.
 *
 * @param ptsSec   media time of the first sample, seconds from the first decoded frame
 * @param channels one array per channel, each at least {@code length} long
 */
public record AudioBlock(double ptsSec, int sampleRate, float[][] channels, int length) {

    public int channelCount() {
        return channels.length;
    }

    public double durationSec() {
        return (double) length / sampleRate;
    }

    /** Media time of sample {@code i}. */
    public double timeOf(int i) {
        return ptsSec + (double) i / sampleRate;
    }
}
