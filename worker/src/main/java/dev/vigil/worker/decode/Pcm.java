package dev.vigil.worker.decode;

import java.nio.FloatBuffer;

/**
 * Decoded audio as planar float in [-1, 1] (the decoder's own planes when it decodes to planar float, as AAC and
 * AC-3 do; converted otherwise). Valid until the decoder's next {@code receive()}; reused.
 */
public final class Pcm {

    private FloatBuffer[] planes = new FloatBuffer[0];
    private int channels;
    private int length;
    private int sampleRate;
    private long ptsMicros;

    Pcm set(int channels, int length, int sampleRate, long ptsMicros) {
        if (planes.length < channels) {
            planes = new FloatBuffer[channels];
        }
        this.channels = channels;
        this.length = length;
        this.sampleRate = sampleRate;
        this.ptsMicros = ptsMicros;
        return this;
    }

    void plane(int channel, FloatBuffer samples) {
        planes[channel] = samples;
    }

    public int channels() {
        return channels;
    }

    /** Samples per channel. */
    public int length() {
        return length;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public long ptsMicros() {
        return ptsMicros;
    }

    /** Copies channel {@code c}'s samples into {@code dst} from index 0. */
    public void copy(int c, float[] dst) {
        planes[c].get(0, dst, 0, length);
    }
}
