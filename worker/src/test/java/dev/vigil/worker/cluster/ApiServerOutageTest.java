package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.RecentDefect;
import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.testing.BackgroundCli;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.LiveSignal;
import dev.vigil.worker.testing.OperatorStandIn;
import dev.vigil.worker.testing.TcpProxy;
import dev.vigil.worker.testing.TestMedia;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API server out of reach for a while (a TCP proxy between the worker and it, cut): the worker's session
 * keeps analysing the live stream, nothing crashes, and once the API server is back the monitor's status
 * catches up with what happened during the outage.
 */
@Timeout(150)
class ApiServerOutageTest {

    @Test
    void sessionsKeepRunningAndStatusCatchesUpAfterTheOutage() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("outage");
        OperatorStandIn operator = new OperatorStandIn(api.client(), ns);
        Config direct = api.config();
        URI server = URI.create(direct.getMasterUrl());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        int port = TestMedia.freeUdpPort();
        Process sender = null;
        try (TcpProxy proxy = new TcpProxy(server.getHost(), server.getPort())) {
            direct.setMasterUrl("https://" + server.getHost() + ":" + proxy.port());
            try (KubernetesClient client = WorkerClient.create(direct);
                    WorkerRuntime runtime = new WorkerRuntime(
                            client,
                            new WorkerIdentity("w-0", ns, "av", Set.of("silence"), 8, Duration.ofSeconds(6)),
                            registry,
                            List.of(),
                            StatusHub.Settings.DEFAULTS,
                            Clock.systemUTC())) {
                runtime.start();
                operator.create("m", new SourceSpec("udp://127.0.0.1:" + port), Map.of("silence", new DetectorSpec()));
                operator.assign("m", "av", Map.of("w-0", List.of("silence")));
                sender = new LiveSignal()
                        .seconds(40)
                        .silence(12, 16)
                        .sendTo("mpegts", "udp://127.0.0.1:" + port + "?pkt_size=1316");
                long senderStart = System.nanoTime();
                await().atMost(Duration.ofSeconds(30)).until(() -> streamUp(operator.get("m")));
                long generation = runtime.sessions().running().get(ns + "/m").generation();

                // cut from second ~8 to second ~22 of the signal: the silence opens and clears in between
                BackgroundCli.sleep(Math.max(0, 8000 - (System.nanoTime() - senderStart) / 1_000_000));
                proxy.cut();
                BackgroundCli.sleep(14_000);
                assertThat(runtime.sessions().running().get(ns + "/m").generation())
                        .as("same session all along")
                        .isEqualTo(generation);
                assertThat(runtime.sessions().running().get(ns + "/m").session().videoFramesDecoded())
                        .isPositive();
                assertThat(registry.counter("vigil.status.writes", "result", "error")
                                .count())
                        .as("writes were tried and failed")
                        .isPositive();
                assertThat(recentSilence(operator.get("m")))
                        .as("nothing reached the API server")
                        .isEmpty();
                proxy.restore();

                await().atMost(Duration.ofSeconds(45))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> recentSilence(operator.get("m")).isPresent());
                assertThat(recentSilence(operator.get("m")).get().getDurationSec())
                        .isCloseTo(4.0, within(0.6));
                assertThat(streamUp(operator.get("m"))).isTrue();
                assertThat(runtime.sessions().running().get(ns + "/m").generation())
                        .isEqualTo(generation);
                await().atMost(Duration.ofSeconds(30)).until(runtime::isReady);
            }
        } finally {
            TestMedia.stop(sender);
        }
    }

    private static boolean streamUp(StreamMonitor m) {
        return m != null
                && m.getStatus() != null
                && m.getStatus()
                        .findCondition(Conditions.STREAM_UP)
                        .map(c -> c.getStatus() == ConditionStatus.TRUE)
                        .orElse(false);
    }

    private static Optional<RecentDefect> recentSilence(StreamMonitor m) {
        return m == null || m.getStatus() == null || m.getStatus().getRecentDefects() == null
                ? Optional.empty()
                : m.getStatus().getRecentDefects().stream()
                        .filter(r -> "silence".equals(r.getType()))
                        .findFirst();
    }
}
