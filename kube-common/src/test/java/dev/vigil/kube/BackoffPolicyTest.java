package dev.vigil.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    @Test
    void stepsDoubleFromInitialUpToMax() {
        BackoffPolicy policy = BackoffPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10));
        List<Long> waits = new ArrayList<>();
        for (int attempt = 0; attempt < 7; attempt++) {
            waits.add(policy.delay(attempt).toMillis());
        }
        assertThat(waits).containsExactly(1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L, 10_000L);
        // far beyond any doubling that fits: still the cap, never an overflow
        assertThat(policy.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delay(-1)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterDrawsFromTheUpperHalfOfEachStep() {
        BackoffPolicy policy = BackoffPolicy.jittered(Duration.ofMillis(500), Duration.ofSeconds(30));
        for (int attempt = 0; attempt < 12; attempt++) {
            long step = policy.step(attempt).toMillis();
            for (int draw = 0; draw < 200; draw++) {
                assertThat(policy.delay(attempt).toMillis()).isBetween(step / 2, step);
            }
        }
        assertThat(policy.step(6)).isEqualTo(Duration.ofSeconds(30)); // 500 ms x 64 is past the cap
    }

    @Test
    void attemptsCountFailuresUntilReset() {
        var attempts = BackoffPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1))
                .attempts();
        assertThat(attempts.next()).isEqualTo(Duration.ofMillis(100));
        assertThat(attempts.next()).isEqualTo(Duration.ofMillis(200));
        assertThat(attempts.next()).isEqualTo(Duration.ofMillis(400));
        assertThat(attempts.failures()).isEqualTo(3);
        attempts.reset();
        assertThat(attempts.next()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void refusesAMaxBelowTheInitialStep() {
        assertThatThrownBy(() -> BackoffPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initial <= max");
    }
}
