package dev.vigil.worker.detect.catalog;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.DetectorUnavailableException;
import dev.vigil.worker.detect.audio.ClippingDetector;
import dev.vigil.worker.detect.audio.LoudnessDetector;
import dev.vigil.worker.detect.audio.SilenceDetector;
import dev.vigil.worker.detect.manifest.ManifestDetector;
import dev.vigil.worker.detect.ml.CorruptionModel;
import dev.vigil.worker.detect.ml.ModelRegistry;
import dev.vigil.worker.detect.ml.OnnxDetector;
import dev.vigil.worker.detect.stream.StallDetector;
import dev.vigil.worker.detect.sync.AvSyncDetector;
import dev.vigil.worker.detect.transport.TransportDetector;
import dev.vigil.worker.detect.video.BlackDetector;
import dev.vigil.worker.detect.video.BlockinessDetector;
import dev.vigil.worker.detect.video.CorruptionDetector;
import dev.vigil.worker.detect.video.FreezeDetector;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Every detector Vigil ships: its defaults and how to build it. The one place to register a new one.
 * Model detectors ({@code model:<name>}) run on the process-wide {@link ModelRegistry}: the shipped
 * {@code model:corruption} is always listed, users' models once registered.
 */
public final class DetectorCatalog {

    private record Entry(DetectorSettings defaults, BiFunction<DetectorSettings, DefectSink, Detector> factory) {}

    private static final Map<DetectorName, Entry> ENTRIES = new TreeMap<>();

    static {
        register(DefectType.FREEZE, FreezeDetector.DEFAULTS, FreezeDetector::new);
        register(DefectType.BLACK, BlackDetector.DEFAULTS, BlackDetector::new);
        register(DefectType.BLOCKINESS, BlockinessDetector.DEFAULTS, BlockinessDetector::new);
        register(DefectType.CORRUPTION, CorruptionDetector.DEFAULTS, CorruptionDetector::new);
        register(DefectType.SILENCE, SilenceDetector.DEFAULTS, SilenceDetector::new);
        register(DefectType.CLIPPING, ClippingDetector.DEFAULTS, ClippingDetector::new);
        register(DefectType.LOUDNESS, LoudnessDetector.DEFAULTS, LoudnessDetector::new);
        register(DefectType.STALL, StallDetector.DEFAULTS, StallDetector::new);
        register(DefectType.TRANSPORT, TransportDetector.DEFAULTS, TransportDetector::new);
        register(DefectType.MANIFEST, ManifestDetector.DEFAULTS, ManifestDetector::new);
        register(DefectType.AV_SYNC, AvSyncDetector.DEFAULTS, AvSyncDetector::new);
        ENTRIES.put(
                DetectorName.model(CorruptionModel.NAME),
                new Entry(
                        OnnxDetector.defaults(CorruptionModel.CONTRACT, 1.0, 1.0)
                                .withOverrides(false, null, null, null, Map.of()),
                        (settings, sink) -> modelDetector(DetectorName.model(CorruptionModel.NAME), settings, sink)));
    }

    private DetectorCatalog() {}

    private static void register(
            DefectType type, DetectorSettings defaults, BiFunction<DetectorSettings, DefectSink, Detector> factory) {
        ENTRIES.put(DetectorName.of(type), new Entry(defaults, factory));
    }

    /** Built-in detectors, the shipped model and the user's registered models. */
    public static Set<DetectorName> available() {
        Set<DetectorName> all = new TreeSet<>(ENTRIES.keySet());
        all.addAll(ModelRegistry.shared().userModels());
        return Collections.unmodifiableSet(all);
    }

    public static boolean isAvailable(DetectorName name) {
        return available().contains(name);
    }

    /** Every available detector with its default settings. */
    public static Map<DetectorName, DetectorSettings> allDefaults() {
        Map<DetectorName, DetectorSettings> all = new TreeMap<>();
        for (DetectorName n : available()) {
            all.put(n, defaults(n));
        }
        return all;
    }

    public static DetectorSettings defaults(DetectorName name) {
        Entry e = ENTRIES.get(name);
        if (e != null) {
            return e.defaults();
        }
        var model = ModelRegistry.shared().lookup(name.modelName()).orElseThrow();
        return OnnxDetector.defaults(
                model.spec().contract(), model.spec().raiseSec(), model.spec().clearSec());
    }

    /**
     * @throws DetectorUnavailableException for a model that failed to load (the message says why)
     */
    public static Detector create(DetectorName name, DetectorSettings settings, DefectSink sink) {
        Entry e = ENTRIES.get(name);
        if (e != null) {
            return e.factory().apply(settings, sink);
        }
        if (name.isModel()) {
            return modelDetector(name, settings, sink);
        }
        throw new IllegalArgumentException("detector '" + name + "' is not available in this worker");
    }

    private static Detector modelDetector(DetectorName name, DetectorSettings settings, DefectSink sink) {
        var entry = ModelRegistry.shared()
                .lookup(name.modelName())
                .orElseThrow(() -> new DetectorUnavailableException(name, name + ": no such model in this worker"));
        if (!entry.loaded()) {
            throw new DetectorUnavailableException(name, entry.error());
        }
        return new OnnxDetector(entry.runtime(), settings, sink);
    }
}
