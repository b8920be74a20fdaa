package dev.vigil.worker.cli;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.config.AnalysisConfig;
import dev.vigil.worker.config.ConfigException;
import dev.vigil.worker.config.ModelDeclarations;
import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.ml.ModelRegistry;
import dev.vigil.worker.detect.video.BlockinessDetector;
import dev.vigil.worker.report.AnalysisReport;
import dev.vigil.worker.report.HtmlReport;
import dev.vigil.worker.report.JsonLines;
import dev.vigil.worker.report.MeasurementCurves;
import dev.vigil.worker.report.TextReport;
import dev.vigil.worker.session.DetectorPool;
import dev.vigil.worker.session.MediaTap;
import dev.vigil.worker.session.SessionConfig;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.SessionResult;
import dev.vigil.worker.session.StreamSession;
import dev.vigil.worker.source.Protocol;
import dev.vigil.worker.source.Redaction;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil analyze SOURCE}: watch one file or live stream and report its defects. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = "Decode a source once, run the detectors on it and report defects.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:defects found (with --fail-on-defect)",
            "2:bad arguments or config",
            "3:source could not be opened or read"
        })
public final class AnalyzeCommand implements Callable<Integer> {

    enum Format {
        text,
        jsonl,
        html
    }

    @Parameters(
            index = "0",
            paramLabel = "SOURCE",
            description =
                    "File path or URL: file, http(s) progressive, HLS (.m3u8), DASH (.mpd), rtmp, rtsp, srt, udp, rtp")
    String source;

    @Option(
            names = "--detectors",
            split = ",",
            paramLabel = "NAME",
            description =
                    "Detectors to run (default: all enabled): freeze, black, blockiness, corruption, silence, clipping,"
                            + " loudness, stall, transport, manifest (HLS/DASH delivery), av_sync (A/V offset), model:corruption,"
                            + " model:NAME of a --model")
    List<String> detectors;

    @Option(
            names = "--model",
            paramLabel = "NAME=FILE",
            description = "Run an ONNX model as detector model:NAME (repeatable); see --model-contract")
    Map<String, Path> models;

    @Option(
            names = "--model-contract",
            paramLabel = "NAME=FILE",
            description = "YAML/JSON contract of a --model: input {width, height, layout, colour, mean, std},"
                    + " output {scoreIndex, activation, threshold}, raiseSec, clearSec")
    Map<String, Path> modelContracts;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML/JSON file with detector and source settings")
    Path config;

    @Option(
            names = "--duration",
            paramLabel = "SEC",
            description = "Stop after this many seconds of media (files) or of wall time (live sources)")
    Double duration;

    @Option(
            names = "--format",
            defaultValue = "text",
            paramLabel = "FORMAT",
            description = "text (report), jsonl (one JSON object per line: defects as they close, with their"
                    + " evidence files; stream events such as stream_start and resolution_change as they happen) or"
                    + " html (one self-contained page: timeline, loudness and blockiness curves, a thumbnail of each"
                    + " defect)")
    Format format;

    @Option(
            names = "--evidence",
            paramLabel = "DIR",
            description = "Write a JPEG of each defect's picture and a clip of the seconds around its onset (stream"
                    + " copy, no re-encoding) into DIR")
    Path evidenceDir;

    @Option(names = "--fail-on-defect", description = "Exit with 1 when any defect was found")
    boolean failOnDefect;

    @Option(names = "--realtime", description = "Read a file no faster than real time, as if it were live")
    boolean realTime;

    @Option(
            names = "--decode",
            defaultValue = "full",
            paramLabel = "PROFILE",
            description = "How much video to decode: full (every picture), economy (only pictures others refer to, no"
                    + " loop filter) or keyframes (one picture per GOP). Default: ${DEFAULT-VALUE}")
    String decode;

    @Option(
            names = "--escalate",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "With --decode economy or keyframes: decode in full for a while when a defect is suspected"
                    + " (default: on; --no-escalate keeps the profile throughout)")
    boolean escalate;

    @Option(names = "--progress", negatable = true, description = "Show progress on stderr (default: when interactive)")
    Boolean progress;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        AnalysisConfig analysis;
        DecodeProfile profile;
        try {
            Protocol.of(source);
            registerModels();
            analysis = config == null ? AnalysisConfig.defaults() : AnalysisConfig.load(config);
            if (detectors != null && !detectors.isEmpty()) {
                analysis = analysis.onlyDetectors(detectors);
            }
            if (duration != null && duration <= 0) {
                throw new ConfigException("--duration must be > 0");
            }
            profile = DecodeProfile.parse(decode);
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("vigil: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        CommandLineEvidence evidence;
        try {
            evidence = evidenceDir != null
                    ? CommandLineEvidence.inDirectory(evidenceDir)
                    : format == Format.html ? CommandLineEvidence.inMemory() : null;
        } catch (java.io.IOException e) {
            err.println("vigil: cannot create the evidence directory " + evidenceDir + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        MeasurementCurves curves = format == Format.html ? new MeasurementCurves() : null;
        Map<DetectorName, DetectorSettings> active = analysis.detectors().entrySet().stream()
                .filter(e -> e.getValue().enabled())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Set<DetectorName> enabled = new TreeSet<>(active.keySet());

        boolean showProgress = progress != null ? progress : System.console() != null && format == Format.text;
        double[] totalSec = new double[1]; // known once the source is open
        AnalysisReport report = new AnalysisReport(
                d -> {},
                t -> {
                    if (showProgress) {
                        err.print(Progress.line(t, totalSec));
                    }
                },
                facts -> totalSec[0] = facts.durationSec());
        SessionConfig sessionConfig = SessionConfig.of(source, active)
                .withSourceOptions(analysis.sourceOptions())
                .withMaxDuration(duration == null ? 0 : duration)
                .withRealTime(realTime)
                .withDecode(profile, escalate);

        long started = System.nanoTime();
        AtomicBoolean done = new AtomicBoolean();
        try (DetectorPool pool = DetectorPool.sizedForMachine()) {
            List<MediaTap> taps = new ArrayList<>();
            if (evidence != null) {
                taps.add(evidence.recorder());
            }
            if (curves != null) {
                taps.add(curves);
            }
            // evidence first, so the report finds what it planned
            SessionListener listener =
                    evidence == null ? report : evidence.recorder().andThen(report);
            if (format == Format.jsonl) {
                // defects and stream events streamed as they happen
                listener =
                        listener.andThen(new JsonLines(out::println, d -> evidence == null ? null : evidence.files(d)));
            }
            StreamSession session = new StreamSession(sessionConfig, pool, listener, MediaTap.all(taps));
            Output output = new Output(report, enabled, started, showProgress, evidence, curves, active);
            Thread onInterrupt = new Thread(() -> {
                if (!done.get()) {
                    session.stop();
                    awaitQuietly(session);
                    finishOutput(out, err, output);
                }
            });
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            session.start();
            awaitQuietly(session);
            if (!done.compareAndSet(false, true)) {
                return ExitCodes.OK;
            }
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
            return finishOutput(out, err, output);
        }
    }

    /** Loads --model files; a model that fails to load is reported by the session, its other detectors run. */
    private void registerModels() throws ConfigException {
        Map<String, Path> contracts = modelContracts == null ? Map.of() : modelContracts;
        for (String name : contracts.keySet()) {
            if (models == null || !models.containsKey(name)) {
                throw new ConfigException("--model-contract " + name + ": no --model " + name);
            }
        }
        if (models != null) {
            for (Map.Entry<String, Path> m : models.entrySet()) {
                ModelRegistry.shared()
                        .register(
                                ModelDeclarations.fromCommandLine(m.getKey(), m.getValue(), contracts.get(m.getKey())));
            }
        }
    }

    /** What the end of the run needs to write its output. */
    private record Output(
            AnalysisReport report,
            Set<DetectorName> enabled,
            long started,
            boolean showProgress,
            CommandLineEvidence evidence,
            MeasurementCurves curves,
            Map<DetectorName, DetectorSettings> settings) {}

    private int finishOutput(PrintStream out, PrintStream err, Output o) {
        AnalysisReport report = o.report();
        if (o.showProgress()) {
            err.println();
        }
        if (o.evidence() != null) {
            o.evidence().finish(err);
        }
        double wallSec = (System.nanoTime() - o.started()) / 1e9;
        SessionResult result = report.result();
        if (result != null && result.failed() && result.videoFrames() + result.audioBlocks() == 0) {
            err.println("vigil: " + result.error());
            return ExitCodes.SOURCE;
        }
        if (format == Format.text) {
            TextReport.print(out, Redaction.redact(source), report, o.enabled(), wallSec);
            if (evidenceDir != null) {
                TextReport.printEvidence(out, o.evidence().where(), report.defects(), o.evidence()::describe);
            }
        } else if (format == Format.html) {
            HtmlReport.print(
                    out,
                    report,
                    new HtmlReport.Inputs(
                            Redaction.redact(source),
                            o.enabled(),
                            wallSec,
                            o.curves(),
                            o.evidence()::forHtml,
                            threshold(o.settings(), DefectType.LOUDNESS, "targetLufs", -23),
                            threshold(o.settings(), DefectType.BLOCKINESS, BlockinessDetector.SCORE, 2.0)));
        }
        out.flush();
        if (result != null && result.failed()) {
            err.println("vigil: " + result.error());
            return ExitCodes.SOURCE;
        }
        return failOnDefect && !report.defects().isEmpty() ? ExitCodes.DEFECTS : ExitCodes.OK;
    }

    private static double threshold(
            Map<DetectorName, DetectorSettings> settings, DefectType type, String name, double fallback) {
        DetectorSettings s = settings.get(DetectorName.of(type));
        return s == null || !s.thresholds().containsKey(name) ? fallback : s.threshold(name);
    }

    private static void awaitQuietly(StreamSession session) {
        try {
            while (!session.awaitFinished(Duration.ofSeconds(1))) {
                // keep waiting: every blocking read is bounded by the source's timeouts
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
