package dev.vigil.worker.detect;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.validation.Rules;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of a detector and of the defects it reports: a built-in {@link DefectType} ({@code freeze},
 * {@code blockiness}, …) or {@code model:<name>} for an ONNX model (the shipped {@code model:corruption} or a
 * model the user brings). Ordered built-ins first (in {@link DefectType} order), then models by name.
 */
public record DetectorName(String wireName) implements Comparable<DetectorName> {

    /** Model names: lower-case DNS-label style, as ConfigMap keys and detector names allow. */
    private static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public DetectorName {
        if (DefectType.fromWireName(wireName).isEmpty() && !isModelName(wireName)) {
            throw new IllegalArgumentException("unknown detector '" + wireName + "'");
        }
    }

    public static DetectorName of(DefectType type) {
        return new DetectorName(type.wireName());
    }

    /** {@code model:<name>}; throws {@link IllegalArgumentException} for a name that is not a DNS label. */
    public static DetectorName model(String modelName) {
        if (!MODEL_NAME.matcher(modelName).matches()) {
            throw new IllegalArgumentException("bad model name '" + modelName
                    + "': use 1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
        return new DetectorName(Rules.MODEL_PREFIX + modelName);
    }

    /** Parses a built-in name or {@code model:<name>}. */
    public static DetectorName parse(String name) {
        if (name.startsWith(Rules.MODEL_PREFIX)) {
            return model(name.substring(Rules.MODEL_PREFIX.length()));
        }
        return of(DefectType.parse(name));
    }

    public boolean isModel() {
        return wireName.startsWith(Rules.MODEL_PREFIX);
    }

    /** The model's name without the prefix; only for {@link #isModel()} names. */
    public String modelName() {
        if (!isModel()) {
            throw new IllegalStateException(wireName + " is not a model detector");
        }
        return wireName.substring(Rules.MODEL_PREFIX.length());
    }

    public Optional<DefectType> builtIn() {
        return DefectType.fromWireName(wireName);
    }

    private static boolean isModelName(String s) {
        return s.startsWith(Rules.MODEL_PREFIX)
                && MODEL_NAME.matcher(s.substring(Rules.MODEL_PREFIX.length())).matches();
    }

    @Override
    public int compareTo(DetectorName o) {
        int a = builtIn().map(Enum::ordinal).orElse(Integer.MAX_VALUE);
        int b = o.builtIn().map(Enum::ordinal).orElse(Integer.MAX_VALUE);
        return a != b ? Integer.compare(a, b) : wireName.compareTo(o.wireName);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
