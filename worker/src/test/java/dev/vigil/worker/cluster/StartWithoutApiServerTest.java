package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.testing.BackgroundCli;
import dev.vigil.worker.testing.KubeApi;
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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker that starts while the API server is out of reach becomes ready, and runs its monitors, once it is back. */
@Timeout(120)
class StartWithoutApiServerTest {

    @Test
    void startsWithoutTheApiServerAndCatchesUp() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("cold");
        OperatorStandIn operator = new OperatorStandIn(api.client(), ns);
        operator.create(
                "m", new SourceSpec("udp://127.0.0.1:" + TestMedia.freeUdpPort()), Map.of("black", new DetectorSpec()));
        operator.assign("m", "video", Map.of("w-0", List.of("black")));
        Config config = api.config();
        URI server = URI.create(config.getMasterUrl());
        try (TcpProxy proxy = new TcpProxy(server.getHost(), server.getPort())) {
            config.setMasterUrl("https://" + server.getHost() + ":" + proxy.port());
            proxy.cut();
            try (KubernetesClient client = WorkerClient.create(config);
                    WorkerRuntime runtime = new WorkerRuntime(
                            client,
                            new WorkerIdentity("w-0", ns, "video", Set.of("black"), 8, Duration.ofSeconds(6)),
                            new SimpleMeterRegistry(),
                            List.of(),
                            StatusHub.Settings.DEFAULTS,
                            Clock.systemUTC())) {
                runtime.start();
                BackgroundCli.sleep(5000);
                assertThat(runtime.isReady()).isFalse();
                proxy.restore();
                await().atMost(Duration.ofSeconds(60)).until(runtime::isReady);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> runtime.sessions().running().containsKey(ns + "/m"));
            }
        }
    }
}
