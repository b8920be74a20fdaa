package dev.vigil.tools;

import dev.vigil.tools.accuracy.EvalCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Developer tools on top of the worker's engine: benchmarks, evaluations, dataset generation. */
@Command(name = "vigil", mixinStandardHelpOptions = true, subcommands = {EvalCommand.class})
public final class ToolsCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new ToolsCli()).execute(args);
    }
}
