package dev.vigil.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.operator.app.LeadershipSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leader election of two operator replicas on a real API server, built as JOSDK builds it from the
 * {@link LeaderElectionConfiguration} of {@code config/Leadership} (fabric8 LeaderElector on a Lease, released on
 * cancel): only one leads; the other takes over when the leader releases the Lease (shutdown) or stops renewing it
 * (crash, the Lease expires).
 */
class LeaderElectionApiServerTest extends RealApiServer {

    private final List<Replica> replicas = new ArrayList<>();

    /** One operator replica: its client, its elector, whether it leads now. */
    private final class Replica {
        final String identity;
        final KubernetesClient client = client(c -> c);
        final AtomicBoolean leading = new AtomicBoolean();
        CompletableFuture<?> running;

        Replica(String identity) {
            this.identity = identity;
            replicas.add(this);
        }

        void start(LeaderElectionConfiguration config) {
            // as JOSDK's LeaderElectionManager: a LeaseLock named by the configuration, released on cancel
            LeaderElectionConfig elector = new LeaderElectionConfig(
                    new LeaseLock(ns, config.getLeaseName(), identity),
                    config.getLeaseDuration(),
                    config.getRenewDeadline(),
                    config.getRetryPeriod(),
                    new LeaderCallbacks(() -> leading.set(true), () -> leading.set(false), leader -> {}),
                    true,
                    config.getLeaseName());
            running = client.leaderElector().withConfig(elector).build().start();
        }

        void stop() {
            if (running != null) {
                running.cancel(true);
            }
            client.close();
        }
    }

    @AfterEach
    void stopReplicas() {
        replicas.forEach(Replica::stop);
    }

    @Test
    void onlyOneLeadsAndTheOtherTakesOverWhenTheLeaseIsReleased() {
        LeaderElectionConfiguration config =
                LeadershipSettings.of(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        assertThat(config.isExitOnStopLeading()).isTrue();
        Replica a = new Replica("operator-a");
        a.start(config);
        await().atMost(Duration.ofSeconds(30)).untilTrue(a.leading);
        Replica b = new Replica("operator-b");
        b.start(config);
        // b keeps trying every retry period and never leads while a renews
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            assertThat(b.leading).isFalse();
            assertThat(a.leading).isTrue();
        });
        assertThat(holder(config)).isEqualTo("operator-a");

        // a shuts down: it releases the Lease, and b leads within a retry period, long before the 15 s lease ends
        a.running.cancel(true);
        await().atMost(Duration.ofSeconds(10)).untilTrue(b.leading);
        assertThat(a.leading).isFalse();
        assertThat(holder(config)).isEqualTo("operator-b");
    }

    @Test
    void theOtherTakesOverWhenTheLeaderStopsRenewing() {
        // short durations so that expiry is quick to see
        LeaderElectionConfiguration config =
                LeadershipSettings.of(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));
        Replica a = new Replica("operator-a");
        a.start(config);
        await().atMost(Duration.ofSeconds(30)).untilTrue(a.leading);
        Replica b = new Replica("operator-b");
        b.start(config);

        // a's API server access is cut (its client closed, as a crashed process): the Lease is not released
        a.client.close();
        await().atMost(Duration.ofSeconds(30)).untilTrue(b.leading);
        assertThat(holder(config)).isEqualTo("operator-b");
    }

    private String holder(LeaderElectionConfiguration config) {
        return admin.leases()
                .inNamespace(ns)
                .withName(config.getLeaseName())
                .get()
                .getSpec()
                .getHolderIdentity();
    }
}
