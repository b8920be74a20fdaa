package dev.vigil.operator.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.Health;
import dev.vigil.api.v1alpha1.status.StreamInfo;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.operator.scheduling.Assignment;
import dev.vigil.operator.scheduling.MonitorId;
import dev.vigil.operator.scheduling.Unplaced;
import dev.vigil.operator.scheduling.UnplacedReason;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class StatusRecorderTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private StatusRecorder recorder;

    @BeforeEach
    void setUp() {
        recorder = new StatusRecorder(client, clock);
    }

    private StreamMonitor createWithWorkerStatus(String name) {
        StreamMonitor sm =
                client.resource(TestResources.monitor("ns", name, "freeze")).create();
        StreamMonitorStatus status = new StreamMonitorStatus();
        Condition up = new Condition(Conditions.STREAM_UP, ConditionStatus.TRUE, Conditions.CONNECTED, "connected");
        up.setLastTransitionTime("2024-12-31T23:00:00Z");
        status.setConditions(List.of(up));
        ActiveDefect defect = new ActiveDefect();
        defect.setType("freeze");
        defect.setSeverity(Severity.MAJOR);
        defect.setSince("2024-12-31T23:30:00Z");
        status.setActiveDefects(List.of(defect));
        status.setActiveDefectTypes("freeze");
        StreamInfo stream = new StreamInfo();
        stream.setCodec("h264");
        stream.setResolution("1280x720");
        stream.setFps(25.0);
        status.setStream(stream);
        status.setLastUpdateTime("2024-12-31T23:59:00Z");
        sm.setStatus(status);
        return client.resource(sm).updateStatus();
    }

    private static OwnedMonitorStatus placedOn(StreamMonitor sm, String worker) {
        return MonitorStatusMapper.owned(
                sm,
                List.of(new Assignment("general", worker, Set.of("freeze"), 1, Instant.parse("2025-01-01T00:00:00Z"))),
                List.of());
    }

    private StreamMonitor fetch(String name) {
        return client.resources(StreamMonitor.class)
                .inNamespace("ns")
                .withName(name)
                .get();
    }

    @Test
    void writesOnlyOperatorFieldsAndKeepsTheWorkers() {
        createWithWorkerStatus("a");
        assertThat(recorder.recordMonitor(fetch("a"), sm -> placedOn(sm, "general-0")))
                .isTrue();

        StreamMonitorStatus s = fetch("a").getStatus();
        assertThat(s.getWorker()).isEqualTo("general-0");
        assertThat(s.getAssignments())
                .singleElement()
                .satisfies(a -> assertThat(a.getWorker()).isEqualTo("general-0"));
        assertThat(s.findCondition(Conditions.SCHEDULED))
                .get()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.TRUE));
        assertThat(s.findCondition(Conditions.READY))
                .get()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo(Conditions.MONITORING));
        assertThat(s.getHealth()).isEqualTo(Health.HEALTHY);
        assertThat(s.getObservedGeneration()).isEqualTo(1L);
        // the worker's fields are untouched
        assertThat(s.findCondition(Conditions.STREAM_UP))
                .get()
                .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2024-12-31T23:00:00Z"));
        assertThat(s.getActiveDefects()).hasSize(1);
        assertThat(s.getActiveDefectTypes()).isEqualTo("freeze");
        assertThat(s.getStream().getResolution()).isEqualTo("1280x720");
        assertThat(s.getLastUpdateTime()).isEqualTo("2024-12-31T23:59:00Z");
    }

    @Test
    void skipsUnchangedWritesWithoutARequest() {
        createWithWorkerStatus("b");
        recorder.recordMonitor(fetch("b"), sm -> placedOn(sm, "general-0"));
        StreamMonitor written = fetch("b");
        clock.advance(Duration.ofMinutes(1));

        int before = server.getRequestCount();
        assertThat(recorder.recordMonitor(written, sm -> placedOn(sm, "general-0")))
                .isFalse();
        // a recorder that never wrote it (e.g. after a restart) compares with what is on the resource
        assertThat(new StatusRecorder(client, clock).recordMonitor(written, sm -> placedOn(sm, "general-0")))
                .isFalse();
        assertThat(server.getRequestCount()).isEqualTo(before);
        assertThat(recorder.writes()).isEqualTo(1);
    }

    @Test
    void keepsLastTransitionTimeUnlessTheStatusChanges() {
        createWithWorkerStatus("c");
        recorder.recordMonitor(fetch("c"), sm -> placedOn(sm, "general-0"));
        String firstTime = fetch("c")
                .getStatus()
                .findCondition(Conditions.SCHEDULED)
                .orElseThrow()
                .getLastTransitionTime();
        assertThat(firstTime).isEqualTo("2025-01-01T00:00:00Z");

        // moved to another worker: message changes, status does not
        clock.advance(Duration.ofMinutes(5));
        assertThat(recorder.recordMonitor(fetch("c"), sm -> placedOn(sm, "general-1")))
                .isTrue();
        Condition scheduled =
                fetch("c").getStatus().findCondition(Conditions.SCHEDULED).orElseThrow();
        assertThat(scheduled.getMessage()).contains("general-1");
        assertThat(scheduled.getLastTransitionTime()).isEqualTo(firstTime);

        // not placed any more: status changes, so does the time
        clock.advance(Duration.ofMinutes(5));
        var unplaced = new Unplaced(
                new MonitorId("ns", "c"), UnplacedReason.NO_CAPACITY, Set.of("freeze"), "pool general is full");
        recorder.recordMonitor(fetch("c"), sm -> MonitorStatusMapper.owned(sm, List.of(), List.of(unplaced)));
        StreamMonitorStatus s = fetch("c").getStatus();
        assertThat(s.findCondition(Conditions.SCHEDULED).orElseThrow()).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(ConditionStatus.FALSE);
            assertThat(c.getReason()).isEqualTo("NoCapacity");
            assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T00:10:00Z");
        });
        assertThat(s.getWorker()).isNull();
        assertThat(s.getAssignments()).isNull();
        assertThat(s.getHealth()).isEqualTo(Health.PENDING);
        assertThat(s.findCondition(Conditions.STREAM_UP)).isPresent();
        assertThat(s.getActiveDefects()).hasSize(1);
    }
}
