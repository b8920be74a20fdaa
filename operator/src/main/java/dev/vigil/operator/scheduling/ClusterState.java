package dev.vigil.operator.scheduling;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one scheduling pass looks at. Lists are treated as sets: their order never changes the plan.
 *
 * @param now the time stamped on assignments this pass creates
 */
public record ClusterState(List<Monitor> monitors, List<Pool> pools, List<Worker> workers, Instant now) {

    public ClusterState {
        monitors = List.copyOf(monitors);
        pools = List.copyOf(pools);
        workers = List.copyOf(workers);
        Objects.requireNonNull(now, "now");
    }
}
