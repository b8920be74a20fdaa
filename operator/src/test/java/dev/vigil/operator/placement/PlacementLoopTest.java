package dev.vigil.operator.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.operator.membership.WorkerMembership;
import dev.vigil.operator.pool.InformerPools;
import dev.vigil.operator.pool.PoolDemand;
import dev.vigil.operator.pool.ResourceApplier;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class PlacementLoopTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final MutableClock clock = new MutableClock(Instant.now());
    private final PoolDemand demand = new PoolDemand();
    private PlacementLoop loop;
    private InformerPools pools;
    private StatusRecorder recorder;
    private WorkerLabeler labeler;
    private String ns;
    private static int counter;

    @BeforeEach
    void setUp() {
        ns = "t" + (++counter);
        recorder = new StatusRecorder(client, clock);
        labeler = new WorkerLabeler(client, ResourceApplier.Mode.UPDATE);
        pools = new InformerPools(client);
        loop = new PlacementLoop(
                client,
                clock,
                new WorkerMembership(client, clock),
                pools,
                recorder,
                labeler,
                demand,
                Duration.ofMillis(20),
                Duration.ofMillis(50));
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(loop::hasSynced);
    }

    @AfterEach
    void tearDown() {
        loop.close();
        pools.close();
    }

    private StreamMonitorStatus status(String name) {
        StreamMonitor sm = client.resources(StreamMonitor.class)
                .inNamespace(ns)
                .withName(name)
                .get();
        return sm == null ? null : sm.getStatus();
    }

    private Map<String, String> labels(String name) {
        return client.resources(StreamMonitor.class)
                .inNamespace(ns)
                .withName(name)
                .get()
                .getMetadata()
                .getLabels();
    }

    private Optional<Condition> condition(String name, String type) {
        StreamMonitorStatus s = status(name);
        return s == null ? Optional.empty() : s.findCondition(type);
    }

    private void awaitCondition(String name, String type, ConditionStatus status, String reason) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(condition(name, type)).get().satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo(status);
                    assertThat(c.getReason()).isEqualTo(reason);
                }));
    }

    @Test
    void placesMonitorsOnWorkersWithFreshLeases() {
        client.resource(TestResources.pool(ns, "general", 8, 1, 3, "freeze", "black"))
                .create();
        client.resource(TestResources.lease(ns, "general-0", "general", clock.now(), 15))
                .create();
        // a stale lease: that worker is dead and gets nothing
        client.resource(TestResources.lease(
                        ns, "general-1", "general", clock.now().minusSeconds(60), 15))
                .create();
        client.resource(TestResources.monitor(ns, "news", "freeze", "black")).create();

        awaitCondition("news", Conditions.SCHEDULED, ConditionStatus.TRUE, Conditions.PLACED);
        assertThat(status("news").getWorker()).isEqualTo("general-0");
        assertThat(status("news").getAssignments())
                .singleElement()
                .satisfies(a -> assertThat(a.getDetectors()).containsExactly("black", "freeze"));
        // the worker discovers its monitor by label, written after the status assignment
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(labels("news"))
                        .containsEntry("workers.vigil.dev/general-0", "true")
                        .doesNotContainKey("workers.vigil.dev/general-1"));
        // no worker has reported the stream yet
        assertThat(condition("news", Conditions.READY)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(ConditionStatus.FALSE);
            assertThat(c.getReason()).isEqualTo(Conditions.STREAM_DOWN);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var pool = client.resources(WorkerPool.class)
                    .inNamespace(ns)
                    .withName("general")
                    .get()
                    .getStatus();
            assertThat(pool).isNotNull();
            assertThat(pool.getReadyWorkers()).isEqualTo(1);
            assertThat(pool.getMonitorsPlaced()).isEqualTo(1);
            assertThat(pool.getCapacityTotal()).isEqualTo(8.0);
            assertThat(pool.getCapacityUsed()).isEqualTo(1.0);
            assertThat(pool.findCondition(Conditions.READY))
                    .get()
                    .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.TRUE));
        });
    }

    @Test
    void reportsNoPoolForDetectors() {
        client.resource(TestResources.pool(ns, "general", 8, 1, 3, "freeze")).create();
        client.resource(TestResources.lease(ns, "general-0", "general", clock.now(), 15))
                .create();
        client.resource(TestResources.monitor(ns, "logo", "model:logo-missing")).create();

        awaitCondition("logo", Conditions.SCHEDULED, ConditionStatus.FALSE, "NoPoolForDetectors");
        assertThat(condition("logo", Conditions.SCHEDULED).orElseThrow().getMessage())
                .contains("model:logo-missing");
        awaitCondition("logo", Conditions.READY, ConditionStatus.FALSE, Conditions.NOT_SCHEDULED);
        assertThat(status("logo").getWorker()).isNull();
        assertThat(WorkerLabeler.workersOf(client.resources(StreamMonitor.class)
                        .inNamespace(ns)
                        .withName("logo")
                        .get()))
                .isEmpty();
    }

    @Test
    void reportsNoCapacityAndGrowsThePool() {
        client.resource(TestResources.pool(ns, "small", 2, 1, 3, "freeze")).create();
        client.resource(TestResources.lease(ns, "small-0", "small", clock.now(), 15))
                .create();
        for (String name : new String[] {"a", "b", "c"}) {
            client.resource(TestResources.monitor(ns, name, "freeze")).create();
        }
        awaitCondition("c", Conditions.SCHEDULED, ConditionStatus.FALSE, "NoCapacity");
        awaitCondition("a", Conditions.SCHEDULED, ConditionStatus.TRUE, Conditions.PLACED);
        awaitCondition("b", Conditions.SCHEDULED, ConditionStatus.TRUE, Conditions.PLACED);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(demand.desired(ns, "small")).contains(2);
            assertThat(client.resources(WorkerPool.class)
                            .inNamespace(ns)
                            .withName("small")
                            .get()
                            .getStatus()
                            .getDesiredWorkers())
                    .isEqualTo(2);
        });

        // the new worker comes up: the waiting monitor is placed on it
        client.resource(TestResources.lease(ns, "small-1", "small", clock.now(), 15))
                .create();
        awaitCondition("c", Conditions.SCHEDULED, ConditionStatus.TRUE, Conditions.PLACED);
        assertThat(status("c").getWorker()).isEqualTo("small-1");
    }

    @Test
    void replacesMonitorsOfAWorkerWhoseLeaseExpired() {
        client.resource(TestResources.pool(ns, "general", 8, 2, 3, "freeze")).create();
        client.resource(TestResources.lease(ns, "general-0", "general", clock.now(), 15))
                .create();
        client.resource(TestResources.monitor(ns, "m", "freeze")).create();
        awaitCondition("m", Conditions.SCHEDULED, ConditionStatus.TRUE, Conditions.PLACED);
        assertThat(status("m").getWorker()).isEqualTo("general-0");

        // a second worker (minWorkers 2, so it is not drained while idle) renews far ahead; the first stops renewing
        client.resource(TestResources.lease(
                        ns, "general-1", "general", clock.now().plusSeconds(120), 15))
                .create();
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.passes() > 0);
        assertThat(status("m").getWorker()).isEqualTo("general-0");
        long passes = loop.passes();
        clock.advance(Duration.ofSeconds(30));

        // no event: the timer notices the expiry
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(status("m").getWorker()).isEqualTo("general-1"));
        assertThat(loop.passes()).isGreaterThan(passes);
        // the label follows the assignment: the new worker's is added, the dead worker's removed
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(labels("m"))
                        .containsEntry("workers.vigil.dev/general-1", "true")
                        .doesNotContainKey("workers.vigil.dev/general-0"));
    }

    @Test
    void quietClusterCausesNoWrites() throws Exception {
        client.resource(TestResources.pool(ns, "general", 8, 1, 3, "freeze")).create();
        client.resource(TestResources.lease(ns, "general-0", "general", clock.now(), 15))
                .create();
        client.resource(TestResources.monitor(ns, "q", "freeze")).create();
        awaitCondition("q", Conditions.SCHEDULED, ConditionStatus.TRUE, Conditions.PLACED);
        Thread.sleep(300);
        long writes = recorder.writes();
        long labelWrites = labeler.writes();
        loop.passNow(ns);
        loop.passNow(ns);
        assertThat(recorder.writes()).isEqualTo(writes);
        assertThat(labeler.writes()).isEqualTo(labelWrites);
    }

    @Test
    void workerLabelsKeepTheUsersLabelsAndAreRepairedWhenEditedByOthers() {
        StreamMonitor sm = TestResources.monitor(ns, "labelled", "freeze");
        sm.getMetadata().setLabels(Map.of("team", "news"));
        client.resource(TestResources.pool(ns, "general", 8, 1, 3, "freeze")).create();
        client.resource(TestResources.lease(ns, "general-0", "general", clock.now(), 15))
                .create();
        client.resource(sm).create();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(labels("labelled"))
                        .containsEntry("workers.vigil.dev/general-0", "true")
                        .containsEntry("team", "news"));
        long spec = client.resources(StreamMonitor.class)
                .inNamespace(ns)
                .withName("labelled")
                .get()
                .getMetadata()
                .getGeneration();

        // someone removes the worker's label: the loop sees a label change that is not its own and puts it back
        client.resources(StreamMonitor.class)
                .inNamespace(ns)
                .withName("labelled")
                .edit(m -> {
                    m.getMetadata().getLabels().remove("workers.vigil.dev/general-0");
                    return m;
                });
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(labels("labelled"))
                        .containsEntry("workers.vigil.dev/general-0", "true")
                        .containsEntry("team", "news"));
        assertThat(client.resources(StreamMonitor.class)
                        .inNamespace(ns)
                        .withName("labelled")
                        .get()
                        .getMetadata()
                        .getGeneration())
                .isEqualTo(spec);
    }

    @Test
    void ownLabelWritesDoNotStartPasses() {
        StreamMonitor before = TestResources.monitor(ns, "own", "freeze");
        before.getMetadata().setUid("uid-own");
        StreamMonitor after = TestResources.monitor(ns, "own", "freeze");
        after.getMetadata().setUid("uid-own");
        after.getMetadata().setLabels(Map.of("workers.vigil.dev/general-0", "true"));
        // not written by this labeler: a change made by someone else
        assertThat(labeler.changedByOthers(before, after)).isTrue();
        // written by it (the mock server accepts the merge patch), then seen in an event: not a change that matters
        client.resource(before).create();
        StreamMonitor created = client.resources(StreamMonitor.class)
                .inNamespace(ns)
                .withName("own")
                .get();
        assertThat(labeler.label(created, java.util.Set.of("general-0"))).isTrue();
        StreamMonitor labelled = client.resources(StreamMonitor.class)
                .inNamespace(ns)
                .withName("own")
                .get();
        assertThat(WorkerLabeler.workersOf(labelled)).containsExactly("general-0");
        assertThat(labeler.changedByOthers(created, labelled)).isFalse();
        assertThat(MonitorChange.mattersToScheduling(created, labelled)).isFalse();
        // the same set again: no request
        long writes = labeler.writes();
        assertThat(labeler.label(labelled, java.util.Set.of("general-0"))).isFalse();
        assertThat(labeler.writes()).isEqualTo(writes);
    }
}
