package dev.vigil.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The operator's own settings ({@code vigil.operator.*}). */
@ConfigMapping(prefix = "vigil.operator")
public interface VigilOperatorConfig {

    /** Worker image when a pool's template names none. */
    @WithDefault("ghcr.io/vigil-dev/vigil-worker:latest")
    String workerImage();

    /**
     * The ClusterRole with the workers' rights, installed with the operator (the chart's {@code <release>-worker}):
     * each pool's RoleBinding grants it to the pool's ServiceAccount in the pool's namespace. The operator may bind
     * this one ClusterRole and no other, so it needs none of the workers' rights itself.
     */
    @WithDefault("vigil-worker")
    String workerClusterRole();

    /** Lease duration the workers are told to use (env VIGIL_LEASE_DURATION_SECONDS). */
    @WithDefault("15")
    int leaseDurationSeconds();

    /** How the operator writes the objects it owns: ssa (server-side apply) or update (mock-server tests). */
    @WithDefault("ssa")
    String applyMode();

    /** Changes within this interval are planned together. */
    @WithDefault("200ms")
    Duration debounce();

    /** How often lease expiry is checked; keep it at most leaseDurationSeconds / 2. */
    @WithDefault("5s")
    Duration leaseCheckInterval();

    /** Leader election. */
    LeaderElection leaderElection();

    interface LeaderElection {
        /** Name of the coordination.k8s.io Lease the operator replicas compete for. */
        @WithDefault("vigil-operator")
        String leaseName();

        /** Namespace of that Lease; default: the namespace the operator runs in. */
        java.util.Optional<String> leaseNamespace();

        @WithDefault("15s")
        Duration leaseDuration();

        @WithDefault("10s")
        Duration renewDeadline();

        @WithDefault("2s")
        Duration retryPeriod();
    }
}
