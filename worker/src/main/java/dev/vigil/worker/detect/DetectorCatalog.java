package dev.vigil.worker.detect;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.audio.ClippingDetector;
import dev.vigil.worker.detect.audio.LoudnessDetector;
import dev.vigil.worker.detect.audio.SilenceDetector;
import dev.vigil.worker.detect.stream.StallDetector;
import dev.vigil.worker.detect.video.BlackDetector;
import dev.vigil.worker.detect.video.BlockinessDetector;
import dev.vigil.worker.detect.video.FreezeDetector;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** Every detector Vigil ships: its defaults and how to build it. The one place to register a new one. */
public final class DetectorCatalog {

    private record Entry(DetectorSettings defaults, BiFunction<DetectorSettings, DefectSink, Detector> factory) {
    }

    private static final Map<DefectType, Entry> ENTRIES = new EnumMap<>(DefectType.class);

    static {
        register(DefectType.FREEZE, FreezeDetector.DEFAULTS, FreezeDetector::new);
        register(DefectType.BLACK, BlackDetector.DEFAULTS, BlackDetector::new);
        register(DefectType.BLOCKINESS, BlockinessDetector.DEFAULTS, BlockinessDetector::new);
        register(DefectType.SILENCE, SilenceDetector.DEFAULTS, SilenceDetector::new);
        register(DefectType.CLIPPING, ClippingDetector.DEFAULTS, ClippingDetector::new);
        register(DefectType.LOUDNESS, LoudnessDetector.DEFAULTS, LoudnessDetector::new);
        register(DefectType.STALL, StallDetector.DEFAULTS, StallDetector::new);
    }

    private DetectorCatalog() {
    }

    private static void register(DefectType type, DetectorSettings defaults,
                                 BiFunction<DetectorSettings, DefectSink, Detector> factory) {
        ENTRIES.put(type, new Entry(defaults, factory));
    }

    public static Set<DefectType> available() {
        return Collections.unmodifiableSet(ENTRIES.keySet());
    }

    public static boolean isAvailable(DefectType type) {
        return ENTRIES.containsKey(type);
    }

    /** Every available detector with its default settings. */
    public static Map<DefectType, DetectorSettings> allDefaults() {
        Map<DefectType, DetectorSettings> all = new EnumMap<>(DefectType.class);
        ENTRIES.forEach((type, e) -> all.put(type, e.defaults()));
        return all;
    }

    public static Detector create(DefectType type, DetectorSettings settings, DefectSink sink) {
        Entry e = ENTRIES.get(type);
        if (e == null) {
            throw new IllegalArgumentException("detector '" + type + "' is not available in this worker");
        }
        return e.factory().apply(settings, sink);
    }
}
