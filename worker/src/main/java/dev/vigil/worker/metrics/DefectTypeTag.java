package dev.vigil.worker.metrics;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.validation.Rules;
import dev.vigil.worker.detect.DetectorName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code type} label of defect metrics: a bounded set, so a metric has a fixed number of series whatever
 * users name their models. Built-in detectors are themselves; every bring-your-own {@code model:<name>} is
 * {@code model} (its name is in the monitor's status, not in metrics); anything else is {@code other}.
 */
public final class DefectTypeTag {

    public static final String MODEL = "model";
    public static final String OTHER = "other";

    private DefectTypeTag() {}

    public static String of(DefectType type) {
        return type.wireName();
    }

    public static String of(DetectorName detector) {
        return of(detector.wireName());
    }

    public static String of(String detector) {
        if (detector != null && detector.startsWith(Rules.MODEL_PREFIX)) {
            return MODEL;
        }
        return DefectType.fromWireName(detector).map(DefectType::wireName).orElse(OTHER);
    }

    /** Every value the label can take. */
    public static List<String> values() {
        List<String> values = new ArrayList<>(
                Arrays.stream(DefectType.values()).map(DefectType::wireName).toList());
        values.add(MODEL);
        values.add(OTHER);
        return values;
    }
}
