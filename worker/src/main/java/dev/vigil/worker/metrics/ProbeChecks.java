package dev.vigil.worker.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Named conditions a probe requires, e.g. readiness = "lease held" and "informer synced". Fails with the
 * names of the conditions not met, in the order they were added.
 */
public final class ProbeChecks implements Supplier<ProbeResult> {

    private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

    public ProbeChecks require(String condition, BooleanSupplier check) {
        checks.put(condition, check);
        return this;
    }

    @Override
    public ProbeResult get() {
        List<String> unmet = new ArrayList<>();
        checks.forEach((condition, check) -> {
            boolean met;
            try {
                met = check.getAsBoolean();
            } catch (RuntimeException e) {
                met = false;
            }
            if (!met) {
                unmet.add(condition);
            }
        });
        return unmet.isEmpty() ? ProbeResult.pass() : ProbeResult.fail("waiting for: " + String.join(", ", unmet));
    }
}
