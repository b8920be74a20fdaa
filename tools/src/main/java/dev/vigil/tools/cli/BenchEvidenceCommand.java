package dev.vigil.tools.cli;

import dev.vigil.tools.bench.EvidenceBenchmark;
import dev.vigil.worker.cli.ExitCodes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil bench-evidence}: what defect evidence costs, as ratios to Vigil without it in the same run. */
@Command(
        name = "bench-evidence",
        mixinStandardHelpOptions = true,
        description = "Measure the packet ring's steady-state CPU and memory against Vigil without evidence on 720p25"
                + " and 1080p25 clips, and the cost of one capture (thumbnail and clip).")
public final class BenchEvidenceCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "20", description = "Clip length (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(
            names = "--runs",
            defaultValue = "5",
            description = "Repetitions; the least CPU is reported (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(
            names = "--work-dir",
            defaultValue = "target/bench",
            description = "Where clips are kept (default: ${DEFAULT-VALUE})")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        if (seconds < 15 || runs <= 0) {
            System.err.println("vigil: --seconds must be >= 15 (the ring holds 12 s) and --runs > 0");
            return ExitCodes.USAGE;
        }
        new EvidenceBenchmark(workDir, seconds, runs, System.out).run();
        return ExitCodes.OK;
    }
}
