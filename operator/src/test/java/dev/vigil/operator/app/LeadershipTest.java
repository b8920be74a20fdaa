package dev.vigil.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeadershipTest {

    @Test
    void leaderElectionConfigurationBuildsAndExitsWhenTheLeaseIsLost() {
        var config = LeadershipSettings.of(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        assertThat(config.getLeaseName()).isEqualTo("vigil-operator");
        assertThat(config.getLeaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.getRenewDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.getRetryPeriod()).isEqualTo(Duration.ofSeconds(2));
        // a replica that lost the lease must not go on reconciling next to the new leader
        assertThat(config.isExitOnStopLeading()).isTrue();
        assertThat(config.getLeaderCallbacks()).isPresent();
    }
}
