package dev.vigil.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command. */
@Command(
        name = "vigil",
        mixinStandardHelpOptions = true,
        version = "vigil 0.1.0",
        description = "Quality monitoring for live audio/video streams.",
        footer = "%nDeveloper tools (bench, bench-ml, ml-dataset) are not in this jar: in a source checkout,"
                + " bin/vigil runs them from the tools module (tools/README.md).",
        subcommands = {AnalyzeCommand.class, WorkerCommand.class, FfmpegCommand.class, CommandLine.HelpCommand.class})
public final class VigilCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new VigilCli());
        cli.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        // everything after "vigil ffmpeg" belongs to ffmpeg, dashes included
        cli.getSubcommands().get("ffmpeg").setUnmatchedOptionsArePositionalParams(true);
        cli.getSubcommands().get("ffmpeg").setStopAtPositional(true);
        return cli.execute(args);
    }
}
