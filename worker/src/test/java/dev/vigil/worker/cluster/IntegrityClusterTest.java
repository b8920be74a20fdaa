package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.TransportError;
import dev.vigil.api.v1alpha1.testing.KubeApiBinaries;
import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.LiveSignal;
import dev.vigil.worker.testing.OperatorStandIn;
import dev.vigil.worker.testing.TestMedia;
import dev.vigil.worker.testing.UdpRelay;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On the real API server: a monitor of a live UDP stream whose link starts losing packets shows {@code transport}
 * (continuity_count_error) and {@code corruption} defects in its status and under DEFECTS in
 * {@code kubectl get sm}, its {@code status.transportErrors} counts the indicator, and the defects clear once the
 * link is clean again while the counter stays.
 */
@Timeout(150)
class IntegrityClusterTest {

    @Test
    void packetLossShowsAsTransportAndCorruptionDefectsInStatus() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("integrity");
        OperatorStandIn operator = new OperatorStandIn(api.client(), ns);
        int port = TestMedia.freeUdpPort();
        Set<String> detectors = Set.of("transport", "corruption", "stall");
        Process sender = null;
        try (UdpRelay relay = UdpRelay.to(port);
                KubernetesClient client = WorkerClient.create(api.config());
                WorkerRuntime runtime = new WorkerRuntime(
                        client,
                        new WorkerIdentity("w-0", ns, "general", detectors, 8, Duration.ofSeconds(15)),
                        new SimpleMeterRegistry(),
                        List.of(),
                        StatusHub.Settings.DEFAULTS,
                        Clock.systemUTC())) {
            runtime.start();
            operator.create(
                    "contribution",
                    new SourceSpec("udp://127.0.0.1:" + port),
                    Map.of(
                            "transport",
                            new DetectorSpec(),
                            "corruption",
                            new DetectorSpec(),
                            "stall",
                            new DetectorSpec()));
            operator.assign("contribution", "general", Map.of("w-0", List.copyOf(detectors)));
            sender = new LiveSignal()
                    .seconds(120)
                    .sendTo("mpegts", "udp://127.0.0.1:" + relay.port() + "?pkt_size=1316");

            await().atMost(Duration.ofSeconds(40)).until(() -> streamUp(operator.get("contribution")));
            relay.drop(0.03);
            await().atMost(Duration.ofSeconds(40))
                    .until(() -> types(operator.get("contribution")).containsAll(List.of("transport", "corruption")));
            ActiveDefect cc = active(operator.get("contribution")).stream()
                    .filter(d -> d.getType().equals("transport") && "continuity_count_error".equals(d.getCheck()))
                    .findFirst()
                    .orElseThrow();
            assertThat(cc.getDetail()).contains("check=continuity_count_error").contains("priority=1");
            List<String> table = kubectl(api, "get", "sm", "-n", ns);
            assertThat(table.get(1))
                    .startsWith("contribution")
                    .contains("transport")
                    .contains("corruption");

            relay.drop(0);
            await().atMost(Duration.ofSeconds(40))
                    .until(() -> active(operator.get("contribution")).isEmpty());
            StreamMonitor m = operator.get("contribution");
            assertThat(m.getStatus().getRecentDefects())
                    .anyMatch(r -> r.getType().equals("transport") && "continuity_count_error".equals(r.getCheck()));
            List<TransportError> counters = m.getStatus().getTransportErrors();
            assertThat(counters).anySatisfy(t -> {
                assertThat(t.getIndicator()).isEqualTo("continuity_count_error");
                assertThat(t.getPriority()).isEqualTo(1);
                assertThat(t.getCount()).isPositive();
                assertThat(t.getLastSeen()).isNotBlank();
            });
        } finally {
            TestMedia.stop(sender);
        }
    }

    private static boolean streamUp(StreamMonitor m) {
        return m != null
                && m.getStatus() != null
                && m.getStatus().getConditions() != null
                && m.getStatus().getConditions().stream()
                        .anyMatch(
                                c -> c.getType().equals(Conditions.STREAM_UP) && c.getStatus() == ConditionStatus.TRUE);
    }

    private static List<String> types(StreamMonitor m) {
        return active(m).stream().map(ActiveDefect::getType).toList();
    }

    private static List<ActiveDefect> active(StreamMonitor m) {
        return m == null || m.getStatus() == null || m.getStatus().getActiveDefects() == null
                ? List.of()
                : m.getStatus().getActiveDefects();
    }

    private static List<String> kubectl(KubeApi api, String... args) throws Exception {
        Path kubeconfig = Files.createTempFile("vigil-kubeconfig", ".yaml");
        try {
            Files.writeString(kubeconfig, api.kubeconfigYaml());
            List<String> command = new ArrayList<>(List.of(
                    KubeApiBinaries.binDir().resolve("kubectl").toString(), "--kubeconfig", kubeconfig.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            return out.lines().toList();
        } finally {
            Files.deleteIfExists(kubeconfig);
        }
    }
}
