package dev.vigil.worker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.status.TokenBucket;
import dev.vigil.worker.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory side of Event aggregation and the per-worker rate limit, without an API server. */
class EventAggregatorTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static EventAggregator.Key key(String monitor) {
        return new EventAggregator.Key(
                new MonitorRef("media", monitor, null),
                NotificationKind.DEFECT_OPENED,
                "freeze defect opened (severity major)");
    }

    @Test
    void keepsAtMostMaxSeriesForgettingTheLeastRecentlySeen() {
        EventAggregator aggregator = new EventAggregator(Duration.ofMinutes(10), 3);
        aggregator.add(key("a"), T0);
        aggregator.add(key("b"), T0);
        aggregator.add(key("c"), T0);
        aggregator.add(key("a"), T0.plusSeconds(1)); // a is now the most recent
        aggregator.add(key("d"), T0.plusSeconds(2));

        assertThat(aggregator.size()).isEqualTo(3);
        assertThat(aggregator.pending(T0.plusSeconds(3)))
                .extracting(p -> p.key().monitor().name())
                .containsExactly("c", "a", "d");
    }

    @Test
    void aWrittenSeriesIsForgottenAfterAQuietWindow() {
        EventAggregator aggregator = new EventAggregator(Duration.ofMinutes(10), 100);
        aggregator.add(key("a"), T0);
        aggregator.add(key("a"), T0.plusSeconds(30));
        aggregator.written(key("a"), "a.1", 2);
        assertThat(aggregator.pending(T0.plusSeconds(60))).isEmpty();
        assertThat(aggregator.size()).isEqualTo(1);

        assertThat(aggregator.pending(T0.plusSeconds(30).plus(Duration.ofMinutes(11))))
                .isEmpty();
        assertThat(aggregator.size()).isZero();
    }

    @Test
    void tokenBucketAllowsABurstThenTheAverageRate() {
        MutableClock clock = new MutableClock(T0);
        TokenBucket bucket = new TokenBucket(2.0, 3, clock);
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        clock.advance(Duration.ofMillis(500));
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        clock.advance(Duration.ofHours(1));
        int allowed = 0;
        while (bucket.tryTake()) {
            allowed++;
        }
        assertThat(allowed).as("a long pause refills only up to the burst").isEqualTo(3);
    }

    @Test
    void safeTextDropsWholeUrlsAndKeepsOneShortLine() {
        assertThat(SafeText.of("open failed: srt://ingest:9000?passphrase=hunter2 timed out\nmore"))
                .isEqualTo("open failed: <url> timed out");
        assertThat(SafeText.of("x".repeat(1000))).hasSize(SafeText.MAX_LENGTH);
        assertThat(SafeText.of("  ")).isNull();
    }
}
