package dev.vigil.worker.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.worker.session.StreamEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A detector that cannot run shows in the status as an entry of its own type that says why. */
class DetectorUnavailableStatusTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00.400Z"), ZoneOffset.UTC);
    private final StatusHub hub = new StatusHub(null, StatusHub.Settings.DEFAULTS, clock, new SimpleMeterRegistry());
    private final MonitorState state = hub.state("ns", "m");
    private final StatusListener listener = hub.listener(state, text -> text.replace("hunter2", "***"));

    @Test
    void aDetectorFailedEventBecomesAnEntryWithTheReasonRedactedAndBounded() {
        listener.onStreamEvent(new StreamEvent(
                0,
                "detectorFailed",
                "model:logo cannot be loaded: token hunter2 " + "x".repeat(600),
                Map.of("detector", "model:logo", "severity", "minor")));

        ActiveDefect a = state.snapshot().active().get(0);
        assertThat(a.getType()).isEqualTo("model:logo");
        assertThat(a.getSeverity()).isEqualTo(Severity.MINOR);
        assertThat(a.getSince()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(a.getDetail())
                .startsWith("detector unavailable: model:logo cannot be loaded: token ***")
                .doesNotContain("hunter2")
                .hasSizeLessThanOrEqualTo(400);
    }

    @Test
    void aFailureWithoutItsDetectorNameChangesNothing() {
        listener.onStreamEvent(new StreamEvent(0, "detectorFailed", "something broke", Map.of()));
        assertThat(state.snapshot().active()).isEmpty();
    }

    @Test
    void aDetachedListenerReportsNothing() {
        listener.detach();
        listener.onStreamEvent(
                new StreamEvent(0, "detectorFailed", "model:logo cannot be loaded", Map.of("detector", "model:logo")));
        assertThat(state.snapshot().active()).isEmpty();
    }
}
