package dev.vigil.worker.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A short defect opens as minor; when it lasts, its active entry takes the detector's severity. */
class EscalationStatusTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00.400Z"), ZoneOffset.UTC);
    private final StatusHub hub = new StatusHub(null, StatusHub.Settings.DEFAULTS, clock, new SimpleMeterRegistry());
    private final MonitorState state = hub.state("ns", "m");
    private final StatusListener listener = hub.listener(state, text -> text);

    private static Defect black(Severity severity, double end, Map<String, Object> detail) {
        return new Defect(DetectorName.of(DefectType.BLACK), 4.0, end, severity, detail, false);
    }

    @Test
    void escalationChangesTheActiveEntrysSeverityAndKeepsWhenItOpened() {
        listener.onDefectOpened(black(Severity.MINOR, Double.NaN, Map.of("overlay", true)));
        ActiveDefect opened = state.snapshot().active().get(0);
        assertThat(opened.getSeverity()).isEqualTo(Severity.MINOR);

        listener.onDefectEscalated(black(Severity.MAJOR, Double.NaN, Map.of("overlay", true, "overlayArea", 0.03)));
        ActiveDefect escalated = state.snapshot().active().get(0);
        assertThat(escalated.getType()).isEqualTo("black");
        assertThat(escalated.getSeverity()).isEqualTo(Severity.MAJOR);
        assertThat(escalated.getSince()).isEqualTo(opened.getSince());
        assertThat(escalated.getDetail()).contains("overlayArea=0.03");
        assertThat(opened.getSeverity())
                .as("the entry a write may be reading is not changed")
                .isEqualTo(Severity.MINOR);

        listener.onDefectClosed(black(Severity.MAJOR, 7.0, Map.of()));
        assertThat(state.snapshot().active()).isEmpty();
        assertThat(state.snapshot().cleared())
                .singleElement()
                .satisfies(r -> assertThat(r.getSeverity()).isEqualTo(Severity.MAJOR));
    }

    @Test
    void escalationOfADefectThatIsNotOpenChangesNothing() {
        listener.onDefectEscalated(black(Severity.MAJOR, Double.NaN, Map.of()));
        assertThat(state.snapshot().active()).isEmpty();
    }
}
