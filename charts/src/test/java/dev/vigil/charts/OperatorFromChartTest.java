package dev.vigil.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator with the chart's Deployment env and only the chart's rights, against a real API server
 * with the chart installed: it becomes ready on the probe paths, creates the default pool's objects (the RoleBinding
 * to the workers' ClusterRole included, allowed by the operator's `bind` on that one role) and writes pool and monitor
 * status. Leader election is left out here (profile {@code chart-test}); OperatorLeaderElectionFromChartTest
 * covers the chart's exact env.
 */
class OperatorFromChartTest {

    static ChartInstall install;
    static ApiServer api;
    static OperatorProcess operator;

    @BeforeAll
    static void start() throws Exception {
        install = ChartInstall.start(Map.of("QUARKUS_PROFILE", "chart-test"), "operator-from-chart.log");
        api = install.api;
        operator = install.operator;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (install != null) {
            install.close();
        }
    }

    @Test
    void runsTheDefaultPoolWithTheChartsRights() throws Exception {
        operator.await("GET /q/health/ready answers 200", () -> operator.status("/q/health/ready") == 200);
        assertThat(operator.status("/q/health/live")).isEqualTo(200);

        operator.await(
                "the pool's StatefulSet exists",
                () -> api.client
                                .apps()
                                .statefulSets()
                                .inNamespace(Chart.NAMESPACE)
                                .withName("standard")
                                .get()
                        != null);
        StatefulSet set = api.client
                .apps()
                .statefulSets()
                .inNamespace(Chart.NAMESPACE)
                .withName("standard")
                .get();
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/vigil-dev/vigil-worker:0.1.0");
        operator.await(
                "the workers' RoleBinding exists",
                () -> api.client
                                .rbac()
                                .roleBindings()
                                .inNamespace(Chart.NAMESPACE)
                                .withName("standard-worker-access")
                                .get()
                        != null);
        assertThat(api.client
                        .rbac()
                        .roleBindings()
                        .inNamespace(Chart.NAMESPACE)
                        .withName("standard-worker-access")
                        .get()
                        .getRoleRef()
                        .getName())
                .isEqualTo("vigil-worker");
        operator.await("the pool's status is written", () -> {
            WorkerPool pool = api.client
                    .resources(WorkerPool.class)
                    .inNamespace(Chart.NAMESPACE)
                    .withName("standard")
                    .get();
            return pool.getStatus() != null
                    && pool.getStatus().getConditions() != null
                    && pool.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()));
        });

        // no worker holds a Lease here (no kubelet runs pods), so the monitor waits for capacity: the operator says so
        api.client.resource(ChartApiServerTest.streamMonitor(api)).create();
        operator.await("the monitor's Scheduled condition is written", () -> {
            StreamMonitor monitor = api.client
                    .resources(StreamMonitor.class)
                    .inNamespace(Chart.NAMESPACE)
                    .withName("news")
                    .get();
            return monitor.getStatus() != null
                    && monitor.getStatus().getConditions() != null
                    && monitor.getStatus().getConditions().stream().anyMatch(c -> "Scheduled".equals(c.getType()));
        });
    }
}
