package dev.vigil.tools;

import dev.vigil.tools.accuracy.EvalCommand;
import dev.vigil.tools.cli.BenchCommand;
import dev.vigil.tools.cli.BenchEvidenceCommand;
import dev.vigil.tools.cli.BenchMlCommand;
import dev.vigil.tools.cli.MlDatasetCommand;
import dev.vigil.worker.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Developer tools on top of the worker's engine: benchmarks, the detectors' accuracy evaluation ({@code vigil eval}),
 * the corruption model's evaluation and its training data. {@code bin/vigil} runs these commands from this module's jar; everything else from the worker's.
 */
@Command(
        name = "vigil",
        mixinStandardHelpOptions = true,
        version = "vigil 0.1.0",
        description = "Vigil's developer tools (the runtime commands are in the worker: vigil --help).",
        subcommands = {
            BenchCommand.class,
            BenchEvidenceCommand.class,
            BenchMlCommand.class,
            MlDatasetCommand.class,
            EvalCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ToolsCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new ToolsCli());
        cli.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        return cli.execute(args);
    }
}
