package dev.vigil.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.catalog.DetectorCatalog;
import dev.vigil.worker.detect.ml.ModelRegistry;
import dev.vigil.worker.detect.ml.ModelSpec;
import dev.vigil.worker.source.SourceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Detector and source settings for one analysis, from defaults, an optional YAML/JSON file (the same shape
 * as a StreamMonitor's {@code spec.detectors} and {@code spec.source.options}) and the command line:
 * <pre>
 * detectors:
 *   freeze: {enabled: true, severity: major, raiseSec: 2, clearSec: 0.5, thresholds: {...}}
 * models:            # bring-your-own ONNX models, see ModelDeclarations
 *   - {name: mine, file: mine.onnx, output: {threshold: 0.7}}
 * source:
 *   openTimeoutSec: 10
 *   readTimeoutSec: 10
 *   options: {live_start_index: "-3"}
 * </pre>
 */
public final class AnalysisConfig {

    private static final Set<String> DETECTOR_KEYS =
            Set.of("enabled", "severity", "raiseSec", "clearSec", "thresholds");
    private static final Set<String> SOURCE_KEYS = Set.of("openTimeoutSec", "readTimeoutSec", "options");

    private final Map<DetectorName, DetectorSettings> detectors;
    private final SourceOptions sourceOptions;

    private AnalysisConfig(Map<DetectorName, DetectorSettings> detectors, SourceOptions sourceOptions) {
        this.detectors = detectors;
        this.sourceOptions = sourceOptions;
    }

    public static AnalysisConfig defaults() {
        return new AnalysisConfig(DetectorCatalog.allDefaults(), SourceOptions.DEFAULTS);
    }

    public static AnalysisConfig load(Path file) throws ConfigException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read config " + file + ": " + firstLine(e.getMessage()));
        }
        if (root != null && root.isObject()) {
            // models first: the detectors section may tune their model:<name> detectors
            Path base = file.toAbsolutePath().getParent();
            for (ModelSpec spec : ModelDeclarations.parseList(root.path("models"), base, file + ": models")) {
                ModelRegistry.shared().register(spec);
            }
        }
        return defaults().merge(root == null ? null : root, file.toString());
    }

    public Map<DetectorName, DetectorSettings> detectors() {
        return detectors;
    }

    public SourceOptions sourceOptions() {
        return sourceOptions;
    }

    /** Keeps only the listed detectors enabled (the command line's {@code --detectors}). */
    public AnalysisConfig onlyDetectors(List<String> names) throws ConfigException {
        Map<DetectorName, DetectorSettings> only = new TreeMap<>();
        for (String raw : names) {
            DetectorName type = detectorType(raw.trim(), "--detectors");
            only.put(type, detectors.get(type).withOverrides(true, null, null, null, Map.of()));
        }
        return new AnalysisConfig(only, sourceOptions);
    }

    private AnalysisConfig merge(JsonNode root, String where) throws ConfigException {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return this;
        }
        if (!root.isObject()) {
            throw new ConfigException(where + ": expected a mapping with 'detectors' and/or 'source'");
        }
        checkKeys(root, Set.of("detectors", "source", "models"), where);
        Map<DetectorName, DetectorSettings> merged = new TreeMap<>(detectors);
        JsonNode ds = root.path("detectors");
        for (Iterator<Map.Entry<String, JsonNode>> it = ds.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = where + ": detectors." + e.getKey();
            DetectorName type = detectorType(e.getKey(), where + ": detectors");
            merged.put(type, detectorSettings(merged.get(type), e.getValue(), at));
        }
        return new AnalysisConfig(merged, sourceOptions(root.path("source"), where + ": source"));
    }

    private DetectorSettings detectorSettings(DetectorSettings base, JsonNode node, String at) throws ConfigException {
        if (!node.isObject()) {
            throw new ConfigException(at + ": expected a mapping");
        }
        checkKeys(node, DETECTOR_KEYS, at);
        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("thresholds").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            thresholds.put(t.getKey(), number(t.getValue(), at + ".thresholds." + t.getKey()));
        }
        try {
            return base.withOverrides(
                    node.has("enabled") ? node.get("enabled").asBoolean() : null,
                    node.has("severity") ? severity(node.get("severity").asText(), at) : null,
                    node.has("raiseSec") ? nonNegative(node.get("raiseSec"), at + ".raiseSec") : null,
                    node.has("clearSec") ? nonNegative(node.get("clearSec"), at + ".clearSec") : null,
                    thresholds);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + ": " + e.getMessage());
        }
    }

    private SourceOptions sourceOptions(JsonNode node, String at) throws ConfigException {
        if (node.isMissingNode() || node.isNull()) {
            return sourceOptions;
        }
        checkKeys(node, SOURCE_KEYS, at);
        Duration open = node.has("openTimeoutSec")
                ? seconds(node.get("openTimeoutSec"), at + ".openTimeoutSec")
                : sourceOptions.openTimeout();
        Duration read = node.has("readTimeoutSec")
                ? seconds(node.get("readTimeoutSec"), at + ".readTimeoutSec")
                : sourceOptions.readTimeout();
        Map<String, String> extra = new LinkedHashMap<>(sourceOptions.extraOptions());
        node.path("options")
                .fields()
                .forEachRemaining(e -> extra.put(e.getKey(), e.getValue().asText()));
        return new SourceOptions(open, read, extra);
    }

    private static DetectorName detectorType(String name, String at) throws ConfigException {
        DetectorName type;
        try {
            type = DetectorName.parse(name.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null || !DetectorCatalog.isAvailable(type)) {
            throw new ConfigException(at + ": unknown detector '" + name + "' (known: " + knownDetectors() + ")");
        }
        return type;
    }

    public static String knownDetectors() {
        return String.join(
                ", ",
                DetectorCatalog.available().stream().map(DetectorName::wireName).toList());
    }

    private static Severity severity(String value, String at) throws ConfigException {
        try {
            return Severity.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + ".severity: '" + value + "' is not one of minor, major, critical");
        }
    }

    private static double number(JsonNode v, String at) throws ConfigException {
        if (!v.isNumber()) {
            throw new ConfigException(at + ": expected a number, got '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    private static double nonNegative(JsonNode v, String at) throws ConfigException {
        double d = number(v, at);
        if (d < 0) {
            throw new ConfigException(at + ": must be >= 0");
        }
        return d;
    }

    private static Duration seconds(JsonNode v, String at) throws ConfigException {
        double d = number(v, at);
        if (d <= 0) {
            throw new ConfigException(at + ": must be > 0");
        }
        return Duration.ofMillis((long) (d * 1000));
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String at) throws ConfigException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new ConfigException(at + ": unknown field '" + key + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
