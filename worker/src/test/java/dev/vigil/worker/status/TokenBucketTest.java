package dev.vigil.worker.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.worker.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void startsFullAndAllowsTheBurstThenNothing() {
        TokenBucket bucket = new TokenBucket(10, 20, clock);
        int taken = 0;
        while (bucket.tryTake()) {
            taken++;
        }
        assertThat(taken).isEqualTo(20);
        assertThat(bucket.tryTake()).isFalse();
        assertThat(bucket.millisUntilToken()).isEqualTo(100);
    }

    @Test
    void refillsAtTheRateUpToTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 20, clock);
        while (bucket.tryTake()) {
            // drain
        }
        clock.advance(Duration.ofMillis(350));
        int taken = 0;
        while (bucket.tryTake()) {
            taken++;
        }
        assertThat(taken).isEqualTo(3);
        clock.advance(Duration.ofHours(1));
        taken = 0;
        while (bucket.tryTake()) {
            taken++;
        }
        assertThat(taken).as("never more than the burst saved up").isEqualTo(20);
    }

    @Test
    void overALongRunTheRateBoundsTheWrites() {
        TokenBucket bucket = new TokenBucket(10, 20, clock);
        int taken = 0;
        for (int ms = 0; ms < 60_000; ms += 7) {
            clock.advance(Duration.ofMillis(7));
            while (bucket.tryTake()) {
                taken++;
            }
        }
        assertThat(taken).isBetween(600, 620);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new TokenBucket(0, 20, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(10, 0, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
