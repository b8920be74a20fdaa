package dev.vigil.worker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A defect that opened as minor and lasted is announced again, as escalated, in every channel. */
class EscalationNotificationTest {

    private final List<Notification> sent = new ArrayList<>();
    private final NotificationListener listener = new NotificationListener(
            new MonitorRef("media", "sports", null),
            "general-0",
            new MutableClock(Instant.parse("2026-03-01T10:00:00Z")),
            sent::add);

    @Test
    void escalationIsANotificationOfItsOwnKind() {
        Defect minor = new Defect(DetectorName.of(DefectType.FREEZE), 5.0, Double.NaN, Severity.MINOR, Map.of(), false);
        listener.onDefectOpened(minor);
        listener.onDefectEscalated(new Defect(minor.type(), 5.0, Double.NaN, Severity.MAJOR, Map.of(), false));

        assertThat(sent)
                .extracting(Notification::kind)
                .containsExactly(NotificationKind.DEFECT_OPENED, NotificationKind.DEFECT_ESCALATED);
        Notification escalated = sent.get(1);
        assertThat(escalated.severity()).isEqualTo(Severity.MAJOR);
        assertThat(escalated.kind().eventReason()).isEqualTo("DefectEscalated");
        assertThat(escalated.kind().eventType()).isEqualTo("Warning");
        assertThat(escalated.kind().cloudEventType()).isEqualTo("dev.vigil.defect.escalated");
        assertThat(KubernetesEvents.note(escalated)).isEqualTo("freeze defect escalated (severity major)");
        assertThat(CloudEventMapper.data(escalated))
                .containsEntry("severity", "major")
                .containsEntry("startSec", 5.0)
                .doesNotContainKey("endSec");
    }
}
