package dev.vigil.tools.accuracy;

import dev.vigil.worker.decode.DecodeProfile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil eval}: the accuracy benchmark (see docs/accuracy.md). */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Generate the labelled corpus (once), run Vigil and FFmpeg's own filters on it and score both"
                + " per defect type (precision, recall, F1), as Markdown on stdout.")
public final class EvalCommand implements Callable<Integer> {

    @Option(
            names = "--split",
            defaultValue = "eval",
            description =
                    "dev, dev2, dev3 (tuned on), gop1 (1 s GOPs on H.264), eval (never tuned on) or smoke (a small subset)"
                            + " (default: ${DEFAULT-VALUE})")
    String split;

    @Option(
            names = "--work-dir",
            defaultValue = "target/accuracy",
            description = "Where the clips and FFmpeg's results are kept (default: ${DEFAULT-VALUE})")
    Path workDir;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Vigil detector settings to use instead of the defaults")
    Path config;

    @Option(names = "--no-ffmpeg", description = "Score Vigil only")
    boolean noFfmpeg;

    @Option(
            names = "--tune-ffmpeg",
            description = "Tune FFmpeg's blockdetect and clipping thresholds on this split"
                    + " (the published figures use those tuned on dev)")
    boolean tuneFfmpeg;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N clips of the split")
    Integer limit;

    @Option(
            names = "--decode",
            defaultValue = "full",
            paramLabel = "PROFILE",
            description = "How Vigil decodes the video: full, economy or keyframes (default: ${DEFAULT-VALUE})")
    String decode;

    @Option(names = "--no-escalate", description = "economy and keyframes: never switch to full decoding")
    boolean noEscalate;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        List<Clip> clips;
        DecodeProfile profile;
        try {
            profile = DecodeProfile.parse(decode);
            clips = CorpusPlan.clips(split);
        } catch (IllegalArgumentException e) {
            System.err.println("vigil: " + e.getMessage());
            return 2;
        }
        if (limit != null) {
            clips = clips.subList(0, Math.min(limit, clips.size()));
        }
        if (!Evaluation.hasSystemFfmpeg() && clips.stream().anyMatch(c -> c.videoCodec().system)) {
            System.err.println("vigil: the " + split + " split has x264/x265 clips and needs Debian's ffmpeg (libx264,"
                    + " libx265) at /usr/bin/ffmpeg (hack/system-packages.sh) or VIGIL_SYSTEM_FFMPEG");
            return 2;
        }
        Evaluation.Result r = new Evaluation(workDir, System.err)
                .run(split, clips, new VigilRunner.Settings(config, profile, !noEscalate), !noFfmpeg);
        FfmpegBaseline baseline = FfmpegBaseline.TUNED;
        if (tuneFfmpeg && r.ffmpeg() != null) {
            baseline = FfmpegBaseline.tune(r.clips(), r.ffmpeg());
            out.printf(
                    Locale.ROOT,
                    "Tuned on %s: blockdetect threshold %.2f, clipping level %.2f dBFS, peak count %.0f%n%n",
                    split,
                    baseline.blockThreshold(),
                    baseline.clipLevelDb(),
                    baseline.clipPeakCount());
        }
        AccuracyReport.print(out, r, baseline);
        return 0;
    }
}
