package dev.vigil.worker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.Loader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil ffmpeg ARGS…}: runs the FFmpeg build Vigil decodes with (shipped inside JavaCV's natives),
 * for generating test signals and reference measurements without installing FFmpeg.
 */
@Command(name = "ffmpeg", description = "Run the bundled FFmpeg (the build Vigil decodes with).")
public final class FfmpegCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ARG", description = "Arguments passed to ffmpeg as they are")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(bundledFfmpeg());
        command.addAll(args);
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** Path of the bundled ffmpeg executable, unpacked into JavaCPP's cache on first use. */
    public static String bundledFfmpeg() {
        return Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    }
}
