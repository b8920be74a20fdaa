package dev.vigil.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator with exactly the chart's Deployment env (prod profile: leader election on) and only the
 * chart's rights: it must become ready and win the Lease vigil-operator under its pod name.
 */
class OperatorLeaderElectionFromChartTest {

    static ChartInstall install;
    static ApiServer api;
    static OperatorProcess operator;

    @BeforeAll
    static void start() throws Exception {
        install = ChartInstall.start(Map.of(), "operator-leader-from-chart.log");
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
    void becomesReadyAndLeader() throws Exception {
        operator.await("GET /q/health/ready answers 200", () -> operator.status("/q/health/ready") == 200);
        operator.await("the Lease vigil-operator is held by " + OperatorProcess.POD, () -> {
            Lease lease = api.client
                    .leases()
                    .inNamespace(Chart.NAMESPACE)
                    .withName("vigil-operator")
                    .get();
            return lease != null && OperatorProcess.POD.equals(lease.getSpec().getHolderIdentity());
        });
        operator.await(
                "the pool's StatefulSet exists",
                () -> api.client
                                .apps()
                                .statefulSets()
                                .inNamespace(Chart.NAMESPACE)
                                .withName("standard")
                                .get()
                        != null);
        assertThat(operator.process.isAlive()).isTrue();
    }
}
