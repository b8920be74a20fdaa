package dev.vigil.tools.cli;

import dev.vigil.tools.bench.Benchmark;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.detect.DetectorName;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil bench}: Vigil's decode-and-detect cost as ratios to FFmpeg measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure Vigil's CPU per frame against ffmpeg decoding and ffmpeg's detection filters"
                + " on generated 720p25 and 1080p25 H.264+AAC clips, and the real-time streams one worker sustains.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "20", description = "Clip length (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--runs", defaultValue = "5", description = "Repetitions; the least CPU is reported (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--work-dir", defaultValue = "target/bench", description = "Where clips are kept (default: ${DEFAULT-VALUE})")
    Path workDir;

    @Option(names = "--detector-cost", paramLabel = "NAME[,NAME...]",
            description = "Only measure what a detector (or a group) adds: all default detectors with and without it"
                    + " on the 720p25 and 1080p25 clips, as ratios (e.g. av_sync, or corruption,transport)")
    String detectorCost;

    @Override
    public Integer call() throws Exception {
        if (seconds <= 0 || runs <= 0) {
            System.err.println("vigil: --seconds and --runs must be > 0");
            return ExitCodes.USAGE;
        }
        if (detectorCost != null) {
            Set<DetectorName> group = new TreeSet<>();
            try {
                for (String name : detectorCost.split(",")) {
                    group.add(DetectorName.parse(name.strip()));
                }
            } catch (IllegalArgumentException e) {
                System.err.println("vigil: --detector-cost: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            new Benchmark(workDir, seconds, runs, System.out).detectorCost(group);
            return ExitCodes.OK;
        }
        new Benchmark(workDir, seconds, runs, System.out).run();
        return ExitCodes.OK;
    }
}
