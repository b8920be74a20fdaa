package dev.vigil.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.worker.detect.ml.ModelContract;
import dev.vigil.worker.detect.ml.ModelRegistry;
import dev.vigil.worker.detect.ml.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads bring-your-own model declarations: the {@code models:} list of a config file, or a contract file given
 * with {@code vigil analyze --model-contract}. The same fields as a WorkerPool's {@code spec.models[]}:
 * <pre>
 * models:
 *   - name: logo-missing            # detector and defect type model:logo-missing
 *     file: models/logo.onnx        # relative to the config file
 *     input: {width: 224, height: 128, layout: NCHW, colour: grey, mean: 0, std: 255}
 *     output: {scoreIndex: 1, activation: softmax, threshold: 0.6}
 *     raiseSec: 1
 *     clearSec: 1
 * </pre>
 * Every field but {@code name} and {@code file} is optional: width and height default to the model's own
 * (fixed) input size, the rest to {@link ModelContract#DEFAULTS} and 1 s hold times.
 *
 * <p>In a cluster the operator hands a WorkerPool's {@code spec.models[]} to {@code vigil worker} as the
 * same list in JSON, in the environment variable {@link #ENV} (see {@link #fromEnvironment}), with each
 * {@code file} the absolute path where the model's ConfigMap or Secret entry is mounted.
 */
public final class ModelDeclarations {

    private static final Set<String> MODEL_KEYS = Set.of("name", "file", "input", "output", "raiseSec", "clearSec");
    private static final Set<String> CONTRACT_KEYS = Set.of("input", "output", "raiseSec", "clearSec");
    private static final Set<String> INPUT_KEYS = Set.of("width", "height", "layout", "colour", "color", "mean", "std");
    private static final Set<String> OUTPUT_KEYS = Set.of("scoreIndex", "activation", "threshold");

    /** The environment variable that carries a WorkerPool's models to its workers. */
    public static final String ENV = "VIGIL_MODELS";

    private ModelDeclarations() {}

    /**
     * The models in {@link #ENV} (a JSON list of {@code models:} entries with absolute files); empty when the
     * variable is unset or blank.
     */
    public static List<ModelSpec> fromEnvironment(String json) throws ConfigException {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JsonNode list;
        try {
            list = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new ConfigException(ENV + ": not valid JSON: " + firstLine(e.getMessage()));
        }
        for (JsonNode m : list.isArray() ? list : List.<JsonNode>of()) {
            if (m.path("file").isTextual() && !m.get("file").asText().startsWith("/")) {
                throw new ConfigException(ENV + ": file '" + m.get("file").asText() + "' of model '"
                        + m.path("name").asText() + "' must be an absolute path");
            }
        }
        return parseList(list, Path.of("/"), ENV);
    }

    /**
     * Loads every model of {@link #ENV} into {@code registry}. A model that fails to load stays registered with
     * its error (see {@link ModelRegistry#register}); only a malformed list is an exception.
     */
    public static List<ModelRegistry.Entry> registerFromEnvironment(String json, ModelRegistry registry)
            throws ConfigException {
        List<ModelRegistry.Entry> entries = new ArrayList<>();
        for (ModelSpec spec : fromEnvironment(json)) {
            entries.add(registry.register(spec));
        }
        return entries;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** The {@code models:} list of a config file; files are resolved against {@code base}. */
    static List<ModelSpec> parseList(JsonNode list, Path base, String at) throws ConfigException {
        List<ModelSpec> specs = new ArrayList<>();
        if (list == null || list.isMissingNode() || list.isNull()) {
            return specs;
        }
        if (!list.isArray()) {
            throw new ConfigException(at + ": expected a list");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String where = at + "[" + i + "]";
            checkKeys(m, MODEL_KEYS, where);
            if (!m.path("name").isTextual() || !m.path("file").isTextual()) {
                throw new ConfigException(where + ": 'name' and 'file' are required");
            }
            Path file = base.resolve(m.get("file").asText());
            specs.add(spec(
                    m.get("name").asText(),
                    file,
                    m,
                    where + " (" + m.get("name").asText() + ")"));
        }
        return specs;
    }

    /** A model from the command line: {@code --model name=file.onnx}, with an optional contract file. */
    public static ModelSpec fromCommandLine(String name, Path file, Path contractFile) throws ConfigException {
        if (contractFile == null) {
            return spec(name, file, null, "--model " + name);
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(contractFile));
        } catch (IOException e) {
            throw new ConfigException("cannot read model contract " + contractFile + ": " + e.getMessage());
        }
        checkKeys(root, CONTRACT_KEYS, contractFile.toString());
        return spec(name, file, root, contractFile.toString());
    }

    private static ModelSpec spec(String name, Path file, JsonNode node, String at) throws ConfigException {
        ModelContract d = ModelContract.DEFAULTS;
        JsonNode in = node == null ? null : node.path("input");
        JsonNode out = node == null ? null : node.path("output");
        try {
            if (in != null && !in.isMissingNode()) {
                checkKeys(in, INPUT_KEYS, at + ".input");
            }
            if (out != null && !out.isMissingNode()) {
                checkKeys(out, OUTPUT_KEYS, at + ".output");
            }
            String colour = text(in, "colour", text(in, "color", "grey"));
            ModelContract c = new ModelContract(
                    integer(in, "width", 0, at),
                    integer(in, "height", 0, at),
                    ModelContract.Layout.valueOf(
                            text(in, "layout", d.layout().name()).toUpperCase(Locale.ROOT)),
                    colour.equalsIgnoreCase("gray")
                            ? ModelContract.Colour.GREY
                            : ModelContract.Colour.valueOf(colour.toUpperCase(Locale.ROOT)),
                    number(in, "mean", d.mean(), at),
                    number(in, "std", d.std(), at),
                    integer(out, "scoreIndex", d.scoreIndex(), at),
                    ModelContract.Activation.valueOf(
                            text(out, "activation", "none").toUpperCase(Locale.ROOT)),
                    number(out, "threshold", d.threshold(), at));
            return new ModelSpec(name, file, c, number(node, "raiseSec", 1.0, at), number(node, "clearSec", 1.0, at));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String key, String fallback) {
        return n == null || !n.has(key) ? fallback : n.get(key).asText();
    }

    private static double number(JsonNode n, String key, double fallback, String at) throws ConfigException {
        if (n == null || !n.has(key)) {
            return fallback;
        }
        if (!n.get(key).isNumber()) {
            throw new ConfigException(at + "." + key + ": expected a number");
        }
        return n.get(key).asDouble();
    }

    private static int integer(JsonNode n, String key, int fallback, String at) throws ConfigException {
        if (n == null || !n.has(key)) {
            return fallback;
        }
        if (!n.get(key).isIntegralNumber()) {
            throw new ConfigException(at + "." + key + ": expected an integer");
        }
        return n.get(key).asInt();
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String at) throws ConfigException {
        if (!node.isObject()) {
            throw new ConfigException(at + ": expected a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new ConfigException(at + ": unknown field '" + key + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }
}
