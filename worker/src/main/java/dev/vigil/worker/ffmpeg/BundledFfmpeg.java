package dev.vigil.worker.ffmpeg;

import org.bytedeco.javacpp.Loader;

/**
 * The ffmpeg executable of the FFmpeg build Vigil decodes with, shipped inside JavaCPP's FFmpeg natives (org.bytedeco:ffmpeg). One place for
 * everything that runs it as a process ({@code vigil ffmpeg}, the developer tools, test media), so that none of
 * them depends on another for it.
 */
public final class BundledFfmpeg {

    private BundledFfmpeg() {}

    /** Path of the executable, unpacked into JavaCPP's cache on first use. */
    public static String path() {
        return Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    }
}
