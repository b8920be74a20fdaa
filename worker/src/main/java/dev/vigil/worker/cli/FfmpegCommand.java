package dev.vigil.worker.cli;

import dev.vigil.worker.ffmpeg.BundledFfmpeg;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil ffmpeg ARGS…}: runs the FFmpeg build Vigil decodes with (shipped inside JavaCPP's FFmpeg natives),
 * for generating test signals and reference measurements without installing FFmpeg.
 */
@Command(name = "ffmpeg", description = "Run the bundled FFmpeg (the build Vigil decodes with).")
public final class FfmpegCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ARG", description = "Arguments passed to ffmpeg as they are")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(BundledFfmpeg.path());
        command.addAll(args);
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
