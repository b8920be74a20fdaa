package dev.vigil.operator.app;

import dev.vigil.operator.config.VigilOperatorConfig;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.Optional;

/** The {@link LeaderElectionConfiguration} that {@link Leadership} gives JOSDK, for given durations (tests). */
public final class LeadershipSettings {

    private LeadershipSettings() {}

    public static LeaderElectionConfiguration of(Duration lease, Duration renewDeadline, Duration retry) {
        VigilOperatorConfig.LeaderElection le = new VigilOperatorConfig.LeaderElection() {
            @Override
            public String leaseName() {
                return "vigil-operator";
            }

            @Override
            public Optional<String> leaseNamespace() {
                return Optional.empty();
            }

            @Override
            public Duration leaseDuration() {
                return lease;
            }

            @Override
            public Duration renewDeadline() {
                return renewDeadline;
            }

            @Override
            public Duration retryPeriod() {
                return retry;
            }
        };
        VigilOperatorConfig config = new VigilOperatorConfig() {
            @Override
            public String workerImage() {
                return "unused";
            }

            @Override
            public String workerClusterRole() {
                return "vigil-worker";
            }

            @Override
            public int leaseDurationSeconds() {
                return 15;
            }

            @Override
            public String applyMode() {
                return "ssa";
            }

            @Override
            public Duration debounce() {
                return Duration.ofMillis(200);
            }

            @Override
            public Duration leaseCheckInterval() {
                return Duration.ofSeconds(5);
            }

            @Override
            public LeaderElection leaderElection() {
                return le;
            }
        };
        return new Leadership(null).leaderElection(config);
    }
}
