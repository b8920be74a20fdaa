package dev.vigil.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.operator.placement.TestResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The whole operator against fabric8's mock server: pool objects created, a monitor placed, the pool scaled. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class OperatorEndToEndTest {

    @Inject
    KubernetesClient client;

    @Test
    void poolGetsItsWorkersAndMonitorsArePlaced() {
        client.resource(TestResources.pool("e2e", "general", 1, 1, 3, "freeze", "black"))
                .create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var sts = client.apps()
                    .statefulSets()
                    .inNamespace("e2e")
                    .withName("general")
                    .get();
            assertThat(sts).isNotNull();
            assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
            assertThat(client.rbac()
                            .roleBindings()
                            .inNamespace("e2e")
                            .withName("general-worker-access")
                            .get())
                    .isNotNull();
        });

        client.resource(TestResources.lease("e2e", "general-0", "general", Instant.now(), 60))
                .create();
        client.resource(TestResources.monitor("e2e", "news", "freeze")).create();
        client.resource(TestResources.monitor("e2e", "sports", "black")).create();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var s = client.resources(StreamMonitor.class)
                    .inNamespace("e2e")
                    .withName("news")
                    .get()
                    .getStatus();
            assertThat(s).isNotNull();
            assertThat(s.findCondition(Conditions.SCHEDULED))
                    .get()
                    .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.TRUE));
            assertThat(s.getWorker()).isEqualTo("general-0");
        });
        // capacity 1: the second monitor waits, and the pool is asked for a second worker
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var s = client.resources(StreamMonitor.class)
                    .inNamespace("e2e")
                    .withName("sports")
                    .get()
                    .getStatus();
            assertThat(s).isNotNull(); // an assertion, so that the wait goes on until the status is written
            assertThat(s.findCondition(Conditions.SCHEDULED))
                    .get()
                    .satisfies(c -> assertThat(c.getReason()).isEqualTo("NoCapacity"));
            var pool = client.resources(WorkerPool.class)
                    .inNamespace("e2e")
                    .withName("general")
                    .get()
                    .getStatus();
            assertThat(pool).isNotNull();
            assertThat(pool.getDesiredWorkers()).isEqualTo(2);
            assertThat(client.apps()
                            .statefulSets()
                            .inNamespace("e2e")
                            .withName("general")
                            .get()
                            .getSpec()
                            .getReplicas())
                    .isEqualTo(2);
        });
    }
}
