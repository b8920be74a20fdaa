package dev.vigil.api.v1alpha1.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Navigating a CRD's openAPIV3Schema by the field paths the API server reports. */
public final class Schemas {

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[]+)|\\[([^]]*)]");

    private Schemas() {}

    /** The openAPIV3Schema of the CRD's only version. */
    public static JsonNode openApiV3Schema(JsonNode crd) {
        return crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
    }

    /**
     * The schema of a field given as the API server reports it: {@code spec.detectors.freeze.raiseSec} (a map key
     * is a plain segment), {@code spec.notify.webhooks[0].url}; a bracket is a list index or, written by hand,
     * a map key ({@code spec.detectors[x].raiseSec}). Missing node if none.
     */
    public static JsonNode at(JsonNode schema, String field) {
        JsonNode node = schema;
        Matcher m = SEGMENT.matcher(field);
        while (m.find()) {
            if (m.group(1) != null) {
                // a name that is not a property is a map key (the API server writes spec.detectors.freeze)
                JsonNode props = node.path("properties");
                node = props.has(m.group(1))
                                || !node.path("additionalProperties").isObject()
                        ? props.path(m.group(1))
                        : node.get("additionalProperties");
            } else {
                node = node.has("items") ? node.get("items") : node.path("additionalProperties");
            }
        }
        return node;
    }

    /** Visits every schema node with its field path, brackets written as {@code [*]}. */
    public static void walk(JsonNode schema, String field, BiConsumer<String, JsonNode> visitor) {
        visitor.accept(field, schema);
        for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
            walk(p.getValue(), field.isEmpty() ? p.getKey() : field + "." + p.getKey(), visitor);
        }
        if (schema.has("items")) {
            walk(schema.get("items"), field + "[*]", visitor);
        }
        if (schema.path("additionalProperties").isObject()) {
            walk(schema.get("additionalProperties"), field + "[*]", visitor);
        }
    }

    /** A CEL rule of the schema: where it sits, the expression and its message. */
    public record CelRule(String field, String rule, String message) {}

    public static List<CelRule> celRules(JsonNode schema) {
        List<CelRule> rules = new ArrayList<>();
        walk(
                schema,
                "",
                (field, node) -> node.path("x-kubernetes-validations")
                        .forEach(v -> rules.add(new CelRule(
                                field,
                                v.path("rule").asText(),
                                v.path("message").asText()))));
        return rules;
    }

    /** {@code spec.detectors[freeze].raiseSec} becomes {@code spec.detectors[*].raiseSec}. */
    public static String generic(String field) {
        return field.replaceAll("\\[[^]]*]", "[*]");
    }
}
