package dev.vigil.worker.cli;

import dev.vigil.worker.config.AnalysisConfig;
import dev.vigil.worker.config.ConfigException;
import dev.vigil.worker.config.ModelDeclarations;
import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.detect.ml.ModelRegistry;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.report.AnalysisReport;
import dev.vigil.worker.report.DefectJson;
import dev.vigil.worker.report.TextReport;
import dev.vigil.worker.session.DetectorPool;
import dev.vigil.worker.session.SessionConfig;
import dev.vigil.worker.session.SessionResult;
import dev.vigil.worker.session.StreamSession;
import dev.vigil.worker.source.Protocol;
import dev.vigil.worker.source.Redaction;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Decode a source once, run the detectors on it and report defects.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:defects found (with --fail-on-defect)", "2:bad arguments or config",
                "3:source could not be opened or read"})
public final class AnalyzeCommand implements Callable<Integer> {

    enum Format { text, jsonl }

    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "File path or URL: file, http(s) progressive, HLS (.m3u8), DASH (.mpd), rtmp, rtsp, srt, udp, rtp")
    String source;

    @Option(names = "--detectors", split = ",", paramLabel = "NAME",
            description = "Detectors to run (default: all enabled): freeze, black, blockiness, corruption, silence, clipping,"
                    + " loudness, stall, transport, manifest (HLS/DASH delivery), model:corruption, model:NAME of a --model")
    List<String> detectors;

    @Option(names = "--model", paramLabel = "NAME=FILE",
            description = "Run an ONNX model as detector model:NAME (repeatable); see --model-contract")
    Map<String, Path> models;

    @Option(names = "--model-contract", paramLabel = "NAME=FILE",
            description = "YAML/JSON contract of a --model: input {width, height, layout, colour, mean, std},"
                    + " output {scoreIndex, activation, threshold}, raiseSec, clearSec")
    Map<String, Path> modelContracts;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML/JSON file with detector and source settings")
    Path config;

    @Option(names = "--duration", paramLabel = "SEC",
            description = "Stop after this many seconds of media (files) or of wall time (live sources)")
    Double duration;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text (report) or jsonl (one JSON object per defect, as it closes)")
    Format format;

    @Option(names = "--fail-on-defect", description = "Exit with 1 when any defect was found")
    boolean failOnDefect;

    @Option(names = "--realtime", description = "Read a file no faster than real time, as if it were live")
    boolean realTime;

    @Option(names = "--decode", defaultValue = "full", paramLabel = "PROFILE",
            description = "How much video to decode: full (every picture), economy (only pictures others refer to, no"
                    + " loop filter) or keyframes (one picture per GOP). Default: ${DEFAULT-VALUE}")
    String decode;

    @Option(names = "--escalate", negatable = true, defaultValue = "true", fallbackValue = "true",
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
        Map<DetectorName, DetectorSettings> active = analysis.detectors().entrySet().stream()
                .filter(e -> e.getValue().enabled())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Set<DetectorName> enabled = new TreeSet<>(active.keySet());

        boolean showProgress = progress != null ? progress : System.console() != null && format == Format.text;
        double[] totalSec = new double[1]; // known once the source is open
        AnalysisReport report = new AnalysisReport(
                d -> {
                    if (format == Format.jsonl) {
                        out.println(DefectJson.toLine(d));
                    }
                },
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
            StreamSession session = new StreamSession(sessionConfig, pool, report);
            Thread onInterrupt = new Thread(() -> {
                if (!done.get()) {
                    session.stop();
                    awaitQuietly(session);
                    finishOutput(out, err, report, enabled, started, showProgress);
                }
            });
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            session.start();
            awaitQuietly(session);
            if (!done.compareAndSet(false, true)) {
                return ExitCodes.OK;
            }
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
            return finishOutput(out, err, report, enabled, started, showProgress);
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
                ModelRegistry.shared().register(ModelDeclarations.fromCommandLine(m.getKey(), m.getValue(), contracts.get(m.getKey())));
            }
        }
    }

    private int finishOutput(PrintStream out, PrintStream err, AnalysisReport report, Set<DetectorName> enabled,
                             long started, boolean showProgress) {
        if (showProgress) {
            err.println();
        }
        SessionResult result = report.result();
        if (result != null && result.failed() && result.videoFrames() + result.audioBlocks() == 0) {
            err.println("vigil: " + result.error());
            return ExitCodes.SOURCE;
        }
        if (format == Format.text) {
            TextReport.print(out, Redaction.redact(source), report, enabled, (System.nanoTime() - started) / 1e9);
        }
        out.flush();
        if (result != null && result.failed()) {
            err.println("vigil: " + result.error());
            return ExitCodes.SOURCE;
        }
        return failOnDefect && !report.defects().isEmpty() ? ExitCodes.DEFECTS : ExitCodes.OK;
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
