package dev.vigil.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.Health;
import dev.vigil.operator.VigilLabels;
import dev.vigil.operator.membership.LeaseClock;
import dev.vigil.operator.membership.WorkerMembership;
import dev.vigil.operator.placement.PlacementLoop;
import dev.vigil.operator.placement.StatusRecorder;
import dev.vigil.operator.placement.TestResources;
import dev.vigil.operator.placement.WorkerLabeler;
import dev.vigil.operator.pool.InformerPools;
import dev.vigil.operator.pool.PoolDemand;
import dev.vigil.operator.pool.ResourceApplier;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The placement loop on a real API server, with the production write paths (JSON patch of status with a
 * resourceVersion precondition, server-side apply of the worker labels) and the system clock: worker Leases made
 * by the test, monitors placed with assignments and labels, the user's labels and spec untouched, monitors
 * moved off a worker whose lease expires or a pool that is deleted, Ready and health following a worker's reports
 * without a scheduling pass, a pass when a reported stream format changes the monitor's cost, and a monitor that
 * names no detectors placed and Ready on a pool without av_sync (the standard set).
 */
class PlacementLoopApiServerTest extends RealApiServer {

    static final int LEASE_SECONDS = 3;
    static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

    private KubernetesClient operator;
    private PlacementLoop loop;

    @BeforeEach
    void startLoop() {
        operator = client(c -> c);
        loop = new PlacementLoop(
                operator,
                LeaseClock.SYSTEM,
                new WorkerMembership(operator, LeaseClock.SYSTEM),
                new InformerPools(operator),
                new StatusRecorder(operator, LeaseClock.SYSTEM),
                new WorkerLabeler(operator, ResourceApplier.Mode.SSA),
                new PoolDemand(),
                Duration.ofMillis(50),
                CHECK_INTERVAL);
        loop.start();
        await().atMost(Duration.ofSeconds(30)).until(loop::hasSynced);
    }

    @AfterEach
    void stopLoop() {
        if (loop != null) {
            loop.close();
        }
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void monitorsAreScheduledAndLabelledForTheirWorkers() {
        admin.resource(TestResources.pool(ns, "general", 2, 2, 4, "freeze", "black"))
                .create();
        admin.resource(TestResources.lease(ns, "general-0", "general", Instant.now(), 3600))
                .create();
        admin.resource(TestResources.lease(ns, "general-1", "general", Instant.now(), 3600))
                .create();
        StreamMonitor labelled = TestResources.monitor(ns, "news", "freeze");
        labelled.getMetadata().setLabels(Map.of("team", "news"));
        admin.resource(labelled).create();
        for (String name : List.of("sports", "weather", "music")) {
            admin.resource(TestResources.monitor(ns, name, "freeze", "black")).create();
        }

        for (String name : List.of("news", "sports", "weather", "music")) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                StreamMonitor sm = get(name);
                assertThat(sm.getStatus()).as(name).isNotNull();
                assertThat(sm.getStatus().findCondition(Conditions.SCHEDULED))
                        .get()
                        .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.TRUE));
                assertThat(WorkerLabeler.workersOf(sm))
                        .as(name)
                        .containsExactly(sm.getStatus().getWorker());
            });
        }
        // capacity 2 per worker: best fit fills general-0, then general-1
        assertThat(List.of("news", "sports", "weather", "music").stream()
                        .map(n -> get(n).getStatus().getWorker()))
                .containsExactlyInAnyOrder("general-0", "general-0", "general-1", "general-1");

        StreamMonitor news = get("news");
        assertThat(news.getMetadata().getLabels()).containsEntry("team", "news");
        assertThat(news.getMetadata().getGeneration()).isEqualTo(1L); // the spec was never written
        // the operator's apply owns exactly its worker label, nothing of the spec
        ManagedFieldsEntry applied = news.getMetadata().getManagedFields().stream()
                .filter(m -> VigilLabels.FIELD_MANAGER.equals(m.getManager()) && "Apply".equals(m.getOperation()))
                .findFirst()
                .orElseThrow();
        assertThat(applied.getSubresource()).isNull();
        assertThat(String.valueOf(applied.getFieldsV1().getAdditionalProperties()))
                .contains(VigilLabels.workerLabel(news.getStatus().getWorker()))
                .doesNotContain("f:spec", "team", "f:status");

        var pool = admin.resources(WorkerPool.class)
                .inNamespace(ns)
                .withName("general")
                .get()
                .getStatus();
        assertThat(pool.getMonitorsPlaced()).isEqualTo(4);
    }

    @Test
    void monitorsLeaveAWorkerWhoseLeaseExpires() {
        admin.resource(TestResources.pool(ns, "general", 8, 2, 3, "freeze")).create();
        // general-0 renews now with a short lease and then stops; general-1 stays alive for the whole test
        admin.resource(TestResources.lease(ns, "general-0", "general", Instant.now(), LEASE_SECONDS))
                .create();
        admin.resource(TestResources.monitor(ns, "m", "freeze")).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(get("m").getStatus()).isNotNull();
            assertThat(get("m").getStatus().getWorker()).isEqualTo("general-0");
            assertThat(WorkerLabeler.workersOf(get("m"))).containsExactly("general-0");
        });
        admin.resource(TestResources.lease(ns, "general-1", "general", Instant.now(), 3600))
                .create();
        Instant expiry = admin.leases()
                .inNamespace(ns)
                .withName("general-0")
                .get()
                .getSpec()
                .getRenewTime()
                .toInstant()
                .plusSeconds(LEASE_SECONDS);

        // no event: the lease check notices the expiry; the status moves first, then the label
        await().atMost(Duration.ofSeconds(LEASE_SECONDS + 30)).untilAsserted(() -> {
            StreamMonitor sm = get("m");
            assertThat(sm.getStatus().getWorker()).isEqualTo("general-1");
            assertThat(WorkerLabeler.workersOf(sm)).containsExactly("general-1");
        });
        Duration afterExpiry = Duration.between(expiry, Instant.now());
        System.out.printf(
                "monitor moved %d ms after the lease expired (lease check every %d ms)%n",
                afterExpiry.toMillis(), CHECK_INTERVAL.toMillis());
        assertThat(get("m").getStatus().getAssignments())
                .singleElement()
                .satisfies(a -> assertThat(a.getWorker()).isEqualTo("general-1"));
    }

    @Test
    void aSuspendedMonitorLosesItsAssignmentThenItsLabel() {
        admin.resource(TestResources.pool(ns, "general", 8, 1, 3, "freeze")).create();
        admin.resource(TestResources.lease(ns, "general-0", "general", Instant.now(), 3600))
                .create();
        StreamMonitor sm = TestResources.monitor(ns, "promo", "freeze");
        sm.getMetadata().setLabels(Map.of("team", "promo"));
        admin.resource(sm).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            StreamMonitor placed = get("promo");
            assertThat(placed.getStatus()).as("status of %s", placed).isNotNull();
            assertThat(placed.getStatus().getWorker())
                    .as("status of %s", placed)
                    .isEqualTo("general-0");
            assertThat(WorkerLabeler.workersOf(placed))
                    .as("labels of %s", placed)
                    .containsExactly("general-0");
        });

        // the user suspends it: the operator drops the assignment, then the label; the user's label stays
        admin.resources(StreamMonitor.class).inNamespace(ns).withName("promo").edit(m -> {
            m.getSpec().setSuspend(true);
            return m;
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            StreamMonitor now = get("promo");
            assertThat(now.getStatus().findCondition(Conditions.SCHEDULED))
                    .get()
                    .satisfies(c -> assertThat(c.getReason()).isEqualTo(Conditions.SUSPENDED));
            assertThat(now.getStatus().getAssignments()).isNullOrEmpty();
            assertThat(WorkerLabeler.workersOf(now)).isEmpty();
            assertThat(now.getMetadata().getLabels()).containsEntry("team", "promo");
        });
    }

    @Test
    void theLoopsOwnStatusAndLabelWritesStartNoPass() {
        admin.resource(TestResources.pool(ns, "general", 8, 1, 3, "freeze")).create();
        admin.resource(TestResources.lease(ns, "general-0", "general", Instant.now(), 3600))
                .create();
        admin.resource(TestResources.monitor(ns, "first", "freeze")).create();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(WorkerLabeler.workersOf(get("first"))).containsExactly("general-0"));
        long before = loop.passes(ns);

        // one new monitor: one pass, whose status patch and label apply come back as watch events that start none
        admin.resource(TestResources.monitor(ns, "second", "freeze")).create();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(WorkerLabeler.workersOf(get("second"))).containsExactly("general-0"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(15)).until(() -> loop.passes(ns) == before + 1);
    }

    @Test
    void aWorkersReportStepsTheMonitorsStatusWithoutAPass() {
        admin.resource(TestResources.pool(ns, "general", 8, 1, 3, "freeze")).create();
        admin.resource(TestResources.lease(ns, "general-0", "general", Instant.now(), 3600))
                .create();
        admin.resource(TestResources.monitor(ns, "news", "freeze")).create();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(WorkerLabeler.workersOf(get("news"))).containsExactly("general-0"));
        long passes = loop.passes(ns);
        long steps = loop.statusSteps();
        SimulatedWorker worker = new SimulatedWorker(admin);

        // stream up, then a defect, then down: Ready and health follow each report
        worker.report(get("news"), true, List.of());
        awaitReadyAndHealth("news", ConditionStatus.TRUE, Conditions.MONITORING, Health.HEALTHY);
        worker.report(get("news"), true, List.of("freeze"));
        awaitReadyAndHealth("news", ConditionStatus.TRUE, Conditions.MONITORING, Health.DEGRADED);
        worker.report(get("news"), false, List.of());
        awaitReadyAndHealth("news", ConditionStatus.FALSE, Conditions.STREAM_DOWN, Health.DOWN);
        assertThat(get("news").getStatus().findCondition(Conditions.READY))
                .get()
                .satisfies(c -> assertThat(c.getMessage()).isEqualTo("connection refused"));

        // each came from a status step over the last plan: no scheduling pass, and the placement is unchanged
        assertThat(loop.passes(ns)).isEqualTo(passes);
        assertThat(loop.statusSteps()).isGreaterThanOrEqualTo(steps + 3);
        assertThat(get("news").getStatus().getWorker()).isEqualTo("general-0");
    }

    @Test
    void aStreamThatCostsMoreIsScheduledAgain() {
        admin.resource(TestResources.pool(ns, "general", 8, 1, 3, "freeze")).create();
        admin.resource(TestResources.lease(ns, "general-0", "general", Instant.now(), 3600))
                .create();
        admin.resource(TestResources.monitor(ns, "match", "freeze")).create();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(WorkerLabeler.workersOf(get("match"))).containsExactly("general-0"));
        long passes = loop.passes(ns);

        // 1080p25 costs 2.25 units, not the 1 unit assumed until the worker reported: placement input changed
        new SimulatedWorker(admin).report(get("match"), true, List.of(), "1920x1080");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var pool = admin.resources(WorkerPool.class)
                    .inNamespace(ns)
                    .withName("general")
                    .get()
                    .getStatus();
            assertThat(pool).isNotNull();
            assertThat(pool.getCapacityUsed()).isEqualTo(2.25);
        });
        assertThat(loop.passes(ns)).isGreaterThan(passes);
    }

    @Test
    void aDeletedPoolIsNoticedByTheLeaseCheck() {
        admin.resource(TestResources.pool(ns, "general", 8, 1, 3, "freeze")).create();
        admin.resource(TestResources.lease(ns, "general-0", "general", Instant.now(), 3600))
                .create();
        admin.resource(TestResources.monitor(ns, "orphan", "freeze")).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(get("orphan").getStatus()).isNotNull();
            assertThat(get("orphan").getStatus().getWorker()).isEqualTo("general-0");
        });

        // no event reaches the loop for a deleted pool: its periodic check compares the pools it planned with
        admin.resources(WorkerPool.class).inNamespace(ns).withName("general").delete();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            StreamMonitor sm = get("orphan");
            assertThat(sm.getStatus().findCondition(Conditions.SCHEDULED))
                    .get()
                    .satisfies(c -> assertThat(c.getReason()).isEqualTo("NoPoolForDetectors"));
            assertThat(sm.getStatus().getAssignments()).isNullOrEmpty();
            assertThat(WorkerLabeler.workersOf(sm)).isEmpty();
        });
    }

    @Test
    void aMinimalMonitorRunsTheStandardSetItsPoolCarriesAndIsReady() {
        // a pool with every built-in detector but av_sync, and a monitor that names no detectors
        admin.resource(TestResources.pool(
                        ns,
                        "general",
                        8,
                        1,
                        3,
                        "black",
                        "blockiness",
                        "clipping",
                        "corruption",
                        "freeze",
                        "loudness",
                        "manifest",
                        "silence",
                        "stall",
                        "transport"))
                .create();
        admin.resource(TestResources.lease(ns, "general-0", "general", Instant.now(), 3600))
                .create();
        StreamMonitor minimal = TestResources.monitor(ns, "minimal");
        assertThat(minimal.getSpec().getDetectors()).isNull();
        admin.resource(minimal).create();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            StreamMonitor sm = get("minimal");
            assertThat(sm.getStatus()).isNotNull();
            assertThat(sm.getStatus().findCondition(Conditions.SCHEDULED)).get().satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo(ConditionStatus.TRUE);
                assertThat(c.getReason()).isEqualTo(Conditions.PLACED);
                assertThat(c.getMessage())
                        .isEqualTo("running on general-0 (standard set; pool general does not carry av_sync)");
            });
            assertThat(WorkerLabeler.workersOf(sm)).containsExactly("general-0");
        });
        // the worker learns what to run from its assignment: the standard set as the pool carries it
        assertThat(get("minimal").getStatus().getAssignments())
                .singleElement()
                .satisfies(a -> assertThat(a.getDetectors())
                        .containsExactly(
                                "black",
                                "blockiness",
                                "clipping",
                                "corruption",
                                "freeze",
                                "loudness",
                                "manifest",
                                "silence",
                                "stall",
                                "transport"));

        new SimulatedWorker(admin).report(get("minimal"), true, List.of());
        awaitReadyAndHealth("minimal", ConditionStatus.TRUE, Conditions.MONITORING, Health.HEALTHY);
    }

    private void awaitReadyAndHealth(String name, ConditionStatus ready, String reason, Health health) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            StreamMonitor sm = get(name);
            assertThat(sm.getStatus().getHealth()).isEqualTo(health);
            assertThat(sm.getStatus().findCondition(Conditions.READY)).get().satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo(ready);
                assertThat(c.getReason()).isEqualTo(reason);
            });
        });
    }

    private StreamMonitor get(String name) {
        return admin.resources(StreamMonitor.class)
                .inNamespace(ns)
                .withName(name)
                .get();
    }
}
