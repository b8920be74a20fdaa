package dev.vigil.api.v1alpha1.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a manifest against a CRD's structural schema the way the API server does, for the keywords our
 * CRDs use: defaults are applied first, then type, enum, numeric bounds, lengths, item and property counts,
 * required fields, unknown fields (as a strict field validation would) and {@code x-kubernetes-validations}
 * (CEL, evaluated with cel-java, {@code self} bound to the value). Messages follow the API server's wording
 * so that a catalogue case can expect the same text here and from a real API server.
 *
 * <p>Not a replacement for the API server: it does not estimate CEL cost, knows no Kubernetes CEL
 * extension libraries, and treats {@code self} as dynamically typed.
 */
public final class SchemaValidator {

    /** One rejection: the field as the API server names it, the schema keyword, and the message. */
    public record Violation(String field, String rule, String message) {
        @Override
        public String toString() {
            return field + " [" + rule + "]: " + message;
        }
    }

    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    private SchemaValidator() {}

    /** Validates a whole object (apiVersion, kind, metadata, spec, status) against a CRD version's openAPIV3Schema. */
    public static List<Violation> validate(JsonNode openApiV3Schema, JsonNode manifest) {
        List<Violation> out = new ArrayList<>();
        JsonNode defaulted = manifest.deepCopy();
        applyDefaults(openApiV3Schema, defaulted);
        validate(openApiV3Schema, defaulted, "", out);
        return out;
    }

    /** Compiles a CEL rule with {@code self} dynamically typed; throws if it does not compile. */
    public static CelRuntime.Program compile(String rule) {
        return PROGRAMS.computeIfAbsent(rule, r -> {
            try {
                CelAbstractSyntaxTree ast = COMPILER.compile(r).getAst();
                return RUNTIME.createProgram(ast);
            } catch (CelValidationException | CelEvaluationException e) {
                throw new IllegalArgumentException("CEL rule does not compile: " + r + ": " + e.getMessage(), e);
            }
        });
    }

    /** Fills in schema defaults of absent properties, as the API server does before validating. */
    public static void applyDefaults(JsonNode schema, JsonNode value) {
        if (value instanceof ObjectNode object) {
            JsonNode props = schema.path("properties");
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                if (!object.has(p.getKey()) && p.getValue().has("default")) {
                    object.set(p.getKey(), p.getValue().get("default").deepCopy());
                }
            }
            for (Map.Entry<String, JsonNode> f : object.properties()) {
                JsonNode sub = props.has(f.getKey()) ? props.get(f.getKey()) : schema.path("additionalProperties");
                if (!sub.isMissingNode()) {
                    applyDefaults(sub, f.getValue());
                }
            }
        } else if (value != null && value.isArray() && schema.has("items")) {
            value.forEach(item -> applyDefaults(schema.get("items"), item));
        }
    }

    private static void validate(JsonNode schema, JsonNode value, String field, List<Violation> out) {
        if (value.isNull()) {
            return; // the API server drops nulls of non-nullable fields
        }
        if (!typeMatches(schema, value)) {
            out.add(new Violation(
                    field,
                    "type",
                    "Invalid value: " + shown(value) + ": " + field + " in body must be of type "
                            + schema.path("type").asText() + ": " + shown(value)));
            return;
        }
        int before = out.size();
        if (schema.has("enum")) {
            List<String> allowed = new ArrayList<>();
            schema.get("enum").forEach(e -> allowed.add(e.asText()));
            if (!allowed.contains(value.asText())) {
                out.add(new Violation(
                        field,
                        "enum",
                        "Unsupported value: " + shown(value) + ": supported values: "
                                + String.join(
                                        ", ",
                                        allowed.stream()
                                                .map(a -> "\"" + a + "\"")
                                                .toList())));
            }
        }
        if (value.isNumber()) {
            BigDecimal v = value.decimalValue();
            if (schema.has("maximum") && v.compareTo(schema.get("maximum").decimalValue()) > 0) {
                out.add(bound(
                        field, value, "maximum", "should be less than or equal to " + number(schema.get("maximum"))));
            }
            if (schema.has("minimum")) {
                BigDecimal min = schema.get("minimum").decimalValue();
                boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
                if (exclusive && v.compareTo(min) <= 0) {
                    out.add(bound(
                            field,
                            value,
                            "exclusiveMinimum",
                            "should be greater than " + number(schema.get("minimum"))));
                } else if (!exclusive && v.compareTo(min) < 0) {
                    out.add(bound(
                            field,
                            value,
                            "minimum",
                            "should be greater than or equal to " + number(schema.get("minimum"))));
                }
            }
        }
        if (value.isTextual()) {
            int length = value.asText().codePointCount(0, value.asText().length());
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                out.add(bound(
                        field,
                        value,
                        "maxLength",
                        "should be at most " + schema.get("maxLength").asInt() + " chars long"));
            }
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                out.add(bound(
                        field,
                        value,
                        "minLength",
                        "should be at least " + schema.get("minLength").asInt() + " chars long"));
            }
        }
        if (value.isArray()) {
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                out.add(new Violation(
                        field,
                        "maxItems",
                        "Too many: " + value.size() + ": must have at most "
                                + schema.get("maxItems").asInt() + " items"));
            }
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                out.add(new Violation(
                        field,
                        "minItems",
                        "Invalid value: " + value.size() + ": " + field + " in body should have at least "
                                + schema.get("minItems").asInt() + " items"));
            }
            for (int i = 0; i < value.size(); i++) {
                validate(schema.get("items"), value.get(i), field + "[" + i + "]", out);
            }
        }
        if (value.isObject()) {
            validateObject(schema, (ObjectNode) value, field, out);
        }
        if (out.size() == before && schema.has("x-kubernetes-validations")) {
            Object self = toCel(schema, value);
            for (JsonNode rule : schema.get("x-kubernetes-validations")) {
                String expression = rule.get("rule").asText();
                Object result;
                try {
                    result = compile(expression).eval(Map.of("self", self));
                } catch (CelEvaluationException e) {
                    out.add(new Violation(field, "cel-error", expression + ": " + e.getMessage()));
                    continue;
                }
                if (!Boolean.TRUE.equals(result)) {
                    out.add(new Violation(field, "cel", rule.path("message").asText("failed rule: " + expression)));
                }
            }
        }
    }

    private static void validateObject(JsonNode schema, ObjectNode value, String field, List<Violation> out) {
        JsonNode props = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText()) || value.get(required.asText()).isNull()) {
                out.add(new Violation(child(field, required.asText()), "required", "Required value"));
            }
        }
        if (schema.has("maxProperties")
                && value.size() > schema.get("maxProperties").asInt()) {
            out.add(new Violation(
                    field,
                    "maxProperties",
                    "Too many: " + value.size() + ": must have at most "
                            + schema.get("maxProperties").asInt() + " items"));
        }
        for (Map.Entry<String, JsonNode> f : value.properties()) {
            String name = f.getKey();
            if (props.has(name)) {
                validate(props.get(name), f.getValue(), child(field, name), out);
            } else if (schema.has("additionalProperties")) {
                validate(
                        schema.get("additionalProperties"),
                        f.getValue(),
                        child(field, name),
                        out); // map keys as the API server names them: a.key.b
            } else if (!(field.isEmpty() && ROOT_FIELDS.contains(name))
                    && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                out.add(new Violation(child(field, name), "unknown", "unknown field \"" + child(field, name) + "\""));
            }
        }
    }

    private static boolean typeMatches(JsonNode schema, JsonNode value) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return value.isIntegralNumber() || value.isTextual();
        }
        return switch (schema.path("type").asText("")) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    /** The CEL value of a JSON value, typed by its schema (a schema number is a double even when written as 7). */
    private static Object toCel(JsonNode schema, JsonNode value) {
        if (value.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            JsonNode props = schema.path("properties");
            value.properties()
                    .forEach(f -> map.put(
                            f.getKey(),
                            toCel(
                                    props.has(f.getKey()) ? props.get(f.getKey()) : schema.path("additionalProperties"),
                                    f.getValue())));
            return map;
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(v -> list.add(toCel(schema.path("items"), v)));
            return list;
        }
        if (value.isNumber()) {
            return "number".equals(schema.path("type").asText()) || value.isFloatingPointNumber()
                    ? (Object) value.asDouble()
                    : (Object) value.asLong();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        return value.asText();
    }

    private static Violation bound(String field, JsonNode value, String rule, String text) {
        return new Violation(field, rule, "Invalid value: " + shown(value) + ": " + field + " in body " + text);
    }

    private static String shown(JsonNode value) {
        return value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    }

    private static String number(JsonNode n) {
        return n.decimalValue().stripTrailingZeros().toPlainString();
    }

    private static String child(String field, String name) {
        return field.isEmpty() ? name : field + "." + name;
    }
}
