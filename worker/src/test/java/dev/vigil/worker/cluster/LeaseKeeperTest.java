package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.testing.KubeApi;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker's Lease on a real API server: created as the operator reads it, renewed, drained, released. */
@Timeout(120)
class LeaseKeeperTest {

    @Test
    void leaseIsCreatedRenewedHonoursDrainingAndIsReleasedOnShutdown() {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("lease");
        WorkerIdentity id =
                new WorkerIdentity("video-0", ns, "video", Set.of("black", "freeze"), 8, Duration.ofSeconds(3));
        try (KubernetesClient client = WorkerClient.create(api.config())) {
            WorkerRuntime runtime = new WorkerRuntime(
                    client, id, new SimpleMeterRegistry(), List.of(), StatusHub.Settings.DEFAULTS, Clock.systemUTC());
            runtime.start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(runtime::isReady);
                Lease first = lease(api, ns);
                assertThat(first.getMetadata().getLabels()).containsEntry("vigil.dev/pool", "video");
                assertThat(first.getMetadata().getAnnotations()).containsEntry("vigil.dev/load-units", "0.000");
                assertThat(first.getSpec().getHolderIdentity()).isEqualTo("video-0");
                assertThat(first.getSpec().getLeaseDurationSeconds()).isEqualTo(3);
                assertThat(alive(first)).isTrue();

                ZonedDateTime renewed = first.getSpec().getRenewTime();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> lease(api, ns).getSpec().getRenewTime().isAfter(renewed));

                // the operator marks the worker for draining: the worker keeps its lease but is not ready
                api.client().leases().inNamespace(ns).withName("video-0").edit(l -> {
                    l.getMetadata().getAnnotations().put("vigil.dev/draining", "true");
                    return l;
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> !runtime.isReady());
                assertThat(runtime.leaseHeld()).isTrue();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> lease(api, ns)
                                .getSpec()
                                .getRenewTime()
                                .isAfter(ZonedDateTime.now().minusSeconds(2)));
                assertThat(lease(api, ns).getMetadata().getAnnotations())
                        .as("renewals keep the operator's annotation")
                        .containsEntry("vigil.dev/draining", "true");
            } finally {
                runtime.close();
            }
            Lease released = lease(api, ns);
            assertThat(alive(released)).as("released: expired at once").isFalse();
            assertThat(runtime.isReady()).isFalse();
        }
    }

    private static Lease lease(KubeApi api, String ns) {
        return api.client().leases().inNamespace(ns).withName("video-0").get();
    }

    private static boolean alive(Lease l) {
        return l.getSpec()
                .getRenewTime()
                .toInstant()
                .plusSeconds(l.getSpec().getLeaseDurationSeconds())
                .isAfter(Instant.now());
    }
}
