package dev.vigil.worker.ffmpeg;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the FFmpeg libraries Vigil decodes with (JavaCPP's FFmpeg natives: avutil, avcodec, avformat, swscale,
 * swresample; not avdevice, which Vigil does not use and which links against sound-server libraries).
 */
public final class FfmpegLibraries {

    private FfmpegLibraries() {}

    /**
     * Loads them now. A worker calls this before its first session: JavaCPP's first load extracts the libraries
     * under a file lock, and a session stopped in the middle of it would leave them unloadable for the process.
     *
     * @throws IllegalStateException with the reason when they cannot be loaded
     */
    public static void load() {
        try {
            Loader.load(avutil.class);
            Loader.load(swresample.class);
            Loader.load(avcodec.class);
            Loader.load(avformat.class);
            Loader.load(swscale.class);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("cannot load FFmpeg: " + e.getMessage(), e);
        }
    }
}
