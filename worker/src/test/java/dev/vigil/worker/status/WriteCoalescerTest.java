package dev.vigil.worker.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WriteCoalescerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final WriteCoalescer coalescer = new WriteCoalescer(clock, Duration.ofSeconds(5));

    @Test
    void urgentChangesAreDueAtOnce() {
        coalescer.changed("a", true);
        assertThat(coalescer.due()).containsExactly("a");
        coalescer.written("a");
        coalescer.changed("a", true);
        assertThat(coalescer.due()).as("right after a write too").containsExactly("a");
    }

    @Test
    void routineChangesWaitForTheIntervalSinceTheLastWrite() {
        coalescer.changed("a", true);
        coalescer.written("a");
        clock.advance(Duration.ofSeconds(1));
        coalescer.changed("a", false);
        assertThat(coalescer.due()).isEmpty();
        assertThat(coalescer.millisUntilNextDue()).hasValue(4000);
        clock.advance(Duration.ofMillis(3999));
        assertThat(coalescer.due()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(coalescer.due()).containsExactly("a");
    }

    @Test
    void aFirstRoutineChangeIsDueAtOnce() {
        coalescer.changed("new", false);
        assertThat(coalescer.due()).containsExactly("new");
    }

    @Test
    void manyChangesMakeOneWrite() {
        for (int i = 0; i < 100; i++) {
            coalescer.changed("a", i % 2 == 0);
            coalescer.changed("b", false);
        }
        assertThat(coalescer.pending()).isEqualTo(2);
        coalescer.written("a");
        coalescer.written("b");
        assertThat(coalescer.pending()).isZero();
        assertThat(coalescer.due()).isEmpty();
    }

    @Test
    void anUrgentChangeOvertakesAPendingRoutineOne() {
        coalescer.changed("a", true);
        coalescer.written("a");
        coalescer.changed("a", false);
        assertThat(coalescer.due()).isEmpty();
        coalescer.changed("a", true);
        assertThat(coalescer.due()).containsExactly("a");
    }

    @Test
    void longestWaitingComesFirst() {
        coalescer.changed("late", true);
        coalescer.written("late");
        clock.advance(Duration.ofSeconds(1));
        coalescer.changed("b", true);
        clock.advance(Duration.ofSeconds(1));
        coalescer.changed("c", true);
        clock.advance(Duration.ofSeconds(10));
        coalescer.changed("late", false); // due at once: its last write was 12 s ago
        assertThat(coalescer.due()).containsExactly("b", "c", "late");
    }

    @Test
    void failedWritesAreRetriedLater() {
        coalescer.changed("a", true);
        coalescer.retryAfter("a", Duration.ofSeconds(2));
        assertThat(coalescer.due()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(coalescer.due()).containsExactly("a");
    }
}
