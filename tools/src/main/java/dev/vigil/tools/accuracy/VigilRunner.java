package dev.vigil.tools.accuracy;

import dev.vigil.worker.config.AnalysisConfig;
import dev.vigil.worker.config.ConfigException;
import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.report.AnalysisReport;
import dev.vigil.worker.session.DetectorPool;
import dev.vigil.worker.session.SessionConfig;
import dev.vigil.worker.session.StreamSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs Vigil's engine on a clip, in this process, exactly as {@code vigil analyze} does: one session, the scored
 * detectors with their default settings (or those of a config file), defects as they close.
 */
final class VigilRunner implements AutoCloseable {

    private final DetectorPool pool = new DetectorPool(1);
    private final Map<DetectorName, DetectorSettings> detectors;
    private final Settings settings;
    private long decodedPictures;
    private double everyPicture;
    private long escalations;

    /**
     * @param config   detector settings instead of the defaults, or null
     * @param decode   how the video is decoded ({@code vigil analyze --decode})
     * @param escalate economy and keyframes: switch to full decoding on a suspicion, as workers do
     */
    record Settings(Path config, DecodeProfile decode, boolean escalate) {
        static Settings defaults(Path config) {
            return new Settings(config, DecodeProfile.FULL, true);
        }
    }

    VigilRunner(Settings settings) {
        this.settings = settings;
        Path config = settings.config();
        try {
            AnalysisConfig base = config == null ? AnalysisConfig.defaults() : AnalysisConfig.load(config);
            this.detectors = base.onlyDetectors(Scorer.TYPES).detectors().entrySet().stream()
                    .filter(e -> e.getValue().enabled())
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * How much video the clips so far cost to decode.
     *
     * @param share       pictures decoded, as a share of all the clips' pictures (escalations included)
     * @param escalations escalations to full decoding
     */
    record Decoded(double share, long escalations) {}

    Decoded decoded() {
        return new Decoded(everyPicture > 0 ? decodedPictures / everyPicture : Double.NaN, escalations);
    }

    List<Detection> run(Path clip) {
        AnalysisReport report = new AnalysisReport(d -> {}, t -> {}, f -> {});
        StreamSession session = new StreamSession(
                SessionConfig.of(clip.toString(), detectors).withDecode(settings.decode(), settings.escalate()),
                pool,
                report);
        session.start();
        try {
            while (!session.awaitFinished(Duration.ofSeconds(5))) {
                // a file always ends
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.stop();
            throw new IllegalStateException("interrupted", e);
        }
        if (report.result() != null && report.result().failed()) {
            throw new IllegalStateException(
                    "Vigil could not read " + clip + ": " + report.result().error());
        }
        if (report.result() != null && report.facts() != null && report.facts().frameRate() > 0) {
            decodedPictures += report.result().videoFrames();
            everyPicture += report.result().mediaSec() * report.facts().frameRate();
        }
        if (report.decode() != null) {
            escalations += report.decode().escalations();
        }
        List<Detection> out = new ArrayList<>();
        for (Defect d : report.defects()) {
            out.add(new Detection(
                    d.type().wireName(), d.startSec(), d.endSec(), d.severity().wireName()));
        }
        return out;
    }

    @Override
    public void close() {
        pool.close();
    }
}
