package dev.vigil.tools.cli;

import dev.vigil.tools.bench.Benchmark;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.detect.DetectorName;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil bench}: Vigil's decode-and-detect cost as ratios to FFmpeg measured in the same run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure Vigil's CPU per frame against ffmpeg decoding and ffmpeg's detection filters"
                + " on generated clean (openh264) and grainy (x264, B-frames) 720p25 and 1080p25 clips, whole"
                + " vigil analyze processes against ffmpeg, the real-time streams one worker sustains, and full,"
                + " economy and keyframes decoding on broadcast-style H.264, HEVC and MPEG-2 encodes.")
public final class BenchCommand implements Callable<Integer> {

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

    @Option(
            names = "--detector-cost",
            paramLabel = "NAME[,NAME...]",
            description = "Only measure what a detector (or a group) adds: all default detectors with and without it"
                    + " on the 720p25 and 1080p25 clips, as ratios (e.g. av_sync, or corruption,transport)")
    String detectorCost;

    @Option(
            names = "--sections",
            split = ",",
            paramLabel = "SECTION",
            description = "What to measure (default: all): detectors, whole-process, capacity, profiles")
    List<String> sections;

    @Option(
            names = "--encodes",
            paramLabel = "TEXT",
            description = "profiles: only the encodes whose label contains TEXT, e.g. HEVC or 1080p25")
    String encodes;

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
        Set<Benchmark.Section> chosen = EnumSet.allOf(Benchmark.Section.class);
        if (sections != null && !sections.isEmpty()) {
            chosen = EnumSet.noneOf(Benchmark.Section.class);
            for (String s : sections) {
                try {
                    chosen.add(Benchmark.Section.valueOf(
                            s.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                } catch (IllegalArgumentException e) {
                    System.err.println("vigil: unknown section '" + s + "' (known: detectors, whole-process, capacity,"
                            + " profiles)");
                    return ExitCodes.USAGE;
                }
            }
        }
        new Benchmark(workDir, seconds, runs, System.out).encodes(encodes).run(chosen);
        return ExitCodes.OK;
    }
}
