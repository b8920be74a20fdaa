package dev.vigil.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.operator.membership.LeaseClock;
import dev.vigil.operator.placement.MonitorStatusMapper;
import dev.vigil.operator.placement.OwnedMonitorStatus;
import dev.vigil.operator.placement.StatusRecorder;
import dev.vigil.operator.placement.TestResources;
import dev.vigil.operator.scheduling.Assignment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator ({@link StatusRecorder}) and a worker ({@link SimulatedWorker}) write the status of the same monitor
 * on a real API server, interleaved from stale reads: each write carries its resourceVersion read as a
 * precondition, so the stale one gets 409, reads again and retries, and neither clobbers the other's fields.
 */
class StatusOwnershipApiServerTest extends RealApiServer {

    private final AtomicInteger operatorConflicts = new AtomicInteger();
    private KubernetesClient operator;
    private StatusRecorder recorder;
    private SimulatedWorker worker;

    @BeforeEach
    void clients() {
        Interceptor conflicts = new Interceptor() {
            @Override
            public void after(
                    HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
                if (response.code() == 409) {
                    operatorConflicts.incrementAndGet();
                }
            }
        };
        operator = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig))
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("conflicts", conflicts))
                .build();
        recorder = new StatusRecorder(operator, LeaseClock.SYSTEM);
        worker = new SimulatedWorker(client(c -> c));
    }

    @AfterEach
    void closeClients() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void interleavedWritesFromStaleReadsKeepEachOthersFields() {
        admin.resource(TestResources.monitor(ns, "news", "freeze")).create();
        assertThat(recorder.recordMonitor(read("news"), sm -> placedOn(sm, "general-0")))
                .isTrue();

        StreamMonitor operatorsRead = read("news");
        StreamMonitor workersRead = read("news");
        // the worker writes first, from the same version the operator read
        assertThat(worker.report(workersRead, true, List.of("freeze"))).isEqualTo(1);

        // the operator's write from its now stale read: 409, read again, recompute, retry
        assertThat(recorder.recordMonitor(operatorsRead, sm -> placedOn(sm, "general-1")))
                .isTrue();
        assertThat(operatorConflicts.get()).isEqualTo(1);
        StreamMonitorStatus s = read("news").getStatus();
        assertWorkersFields(s, ConditionStatus.TRUE, 1);
        assertThat(s.getWorker()).isEqualTo("general-1");
        assertThat(s.getAssignments())
                .singleElement()
                .satisfies(a -> assertThat(a.getWorker()).isEqualTo("general-1"));
        // Ready was recomputed from the fresh read: the worker reports the stream up
        assertThat(condition(s, Conditions.READY)).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(ConditionStatus.TRUE);
            assertThat(c.getReason()).isEqualTo(Conditions.MONITORING);
        });
        assertThat(condition(s, Conditions.SCHEDULED).getStatus()).isEqualTo(ConditionStatus.TRUE);

        // now the worker writes from its stale read (older than the operator's write): 409, read again, retry
        assertThat(worker.report(workersRead, false, List.of())).isEqualTo(2);
        s = read("news").getStatus();
        assertWorkersFields(s, ConditionStatus.FALSE, 0);
        assertThat(s.getWorker()).isEqualTo("general-1");
        assertThat(s.getAssignments())
                .singleElement()
                .satisfies(a -> assertThat(a.getWorker()).isEqualTo("general-1"));
        assertThat(condition(s, Conditions.SCHEDULED).getStatus()).isEqualTo(ConditionStatus.TRUE);
        assertThat(s.getConditions())
                .extracting(Condition::getType)
                .containsExactly(
                        Conditions.READY, Conditions.SCHEDULED, Conditions.STREAM_UP, Conditions.DEFECTS_ACTIVE);

        // the operator's next write follows the worker's report (stream down), and keeps its fields
        assertThat(recorder.recordMonitor(read("news"), sm -> placedOn(sm, "general-1")))
                .isTrue();
        s = read("news").getStatus();
        assertThat(condition(s, Conditions.READY).getReason()).isEqualTo(Conditions.STREAM_DOWN);
        assertWorkersFields(s, ConditionStatus.FALSE, 0);
        // and nothing changed since: no write
        assertThat(recorder.recordMonitor(read("news"), sm -> placedOn(sm, "general-1")))
                .isFalse();
    }

    @Test
    void manyInterleavedRoundsNeverLoseAField() {
        admin.resource(TestResources.monitor(ns, "busy", "freeze")).create();
        for (int round = 0; round < 6; round++) {
            String assigned = "general-" + (round % 3);
            boolean up = round % 2 == 0;
            StreamMonitor operatorsRead = read("busy");
            StreamMonitor workersRead = read("busy");
            if (round % 2 == 0) {
                worker.report(workersRead, up, up ? List.of("black") : List.of());
                recorder.recordMonitor(operatorsRead, sm -> placedOn(sm, assigned));
            } else {
                recorder.recordMonitor(operatorsRead, sm -> placedOn(sm, assigned));
                worker.report(workersRead, up, up ? List.of("black") : List.of());
            }
            StreamMonitorStatus s = read("busy").getStatus();
            assertThat(s.getWorker()).as("round %d", round).isEqualTo(assigned);
            assertWorkersFields(s, up ? ConditionStatus.TRUE : ConditionStatus.FALSE, up ? 1 : 0);
            assertThat(condition(s, Conditions.SCHEDULED)).as("round %d", round).isNotNull();
        }
        assertThat(operatorConflicts.get()).isGreaterThanOrEqualTo(3);
    }

    private static void assertWorkersFields(StreamMonitorStatus s, ConditionStatus up, int defects) {
        assertThat(condition(s, Conditions.STREAM_UP).getStatus()).isEqualTo(up);
        assertThat(condition(s, Conditions.DEFECTS_ACTIVE).getStatus())
                .isEqualTo(defects > 0 ? ConditionStatus.TRUE : ConditionStatus.FALSE);
        assertThat(s.getActiveDefects()).hasSize(defects);
        assertThat(s.getStream()).isNotNull();
        assertThat(s.getStream().getResolution()).isEqualTo("1280x720");
        assertThat(s.getLastUpdateTime()).isNotNull();
    }

    private static Condition condition(StreamMonitorStatus s, String type) {
        return s.findCondition(type).orElseThrow(() -> new AssertionError("no condition " + type + " in " + s));
    }

    private StreamMonitor read(String name) {
        return admin.resources(StreamMonitor.class)
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    private static OwnedMonitorStatus placedOn(StreamMonitor sm, String worker) {
        return MonitorStatusMapper.owned(
                sm,
                List.of(new Assignment("general", worker, Set.of("freeze"), 1, Instant.parse("2025-01-01T00:00:00Z"))),
                List.of());
    }
}
