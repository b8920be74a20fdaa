package dev.vigil.worker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    final RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(10));

    @Test
    void backoffDoublesWithinEqualJitterAndStopsAtTheMaximum() {
        for (int i = 0; i < 200; i++) {
            assertThat(policy.delayAfter(1, null)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
            assertThat(policy.delayAfter(2, null)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
            assertThat(policy.delayAfter(3, null)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
            assertThat(policy.delayAfter(30, null)).isBetween(Duration.ofMillis(5000), Duration.ofMillis(10000));
        }
    }

    @Test
    void jitterSpreadsTheDelays() {
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> policy.delayAfter(3, null))
                .distinct()
                .count();
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void retryAfterIsHonouredUpToTheMaximum() {
        assertThat(policy.delayAfter(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.delayAfter(1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void onlyServerErrorsTimeoutsAndThrottlingAreRetried() {
        assertThat(RetryPolicy.retryable(500)).isTrue();
        assertThat(RetryPolicy.retryable(503)).isTrue();
        assertThat(RetryPolicy.retryable(429)).isTrue();
        assertThat(RetryPolicy.retryable(408)).isTrue();
        assertThat(RetryPolicy.retryable(400)).isFalse();
        assertThat(RetryPolicy.retryable(401)).isFalse();
        assertThat(RetryPolicy.retryable(404)).isFalse();
        assertThat(RetryPolicy.retryable(302)).isFalse();
    }
}
