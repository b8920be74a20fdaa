package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.api.v1alpha1.testing.KubeApiBinaries;
import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.LiveLadderOrigin;
import dev.vigil.worker.testing.OperatorStandIn;
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
 * On the real API server: a monitor of the live test ladder with the manifest detector shows the ladder in
 * {@code status.stream.manifest}; when one rendition's playlist starts answering 404 the monitor's status carries a
 * {@code manifest} defect naming the check and the rendition, and {@code kubectl get sm} lists it under DEFECTS;
 * when the rendition is back, it is gone.
 */
@Timeout(150)
class ManifestClusterTest {

    @Test
    void aDroppedRenditionShowsAsManifestDefectInKubectlGetSm() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("manifest");
        OperatorStandIn operator = new OperatorStandIn(api.client(), ns);
        DetectorSpec manifest = new DetectorSpec();
        manifest.setThresholds(Map.of("timeoutSec", 1.5, "decodeMaxHeight", 180.0));
        try (LiveLadderOrigin origin = new LiveLadderOrigin();
                KubernetesClient client = WorkerClient.create(api.config());
                WorkerRuntime runtime = new WorkerRuntime(
                        client,
                        new WorkerIdentity("w-0", ns, "ott", Set.of("manifest", "stall"), 8, Duration.ofSeconds(15)),
                        new SimpleMeterRegistry(),
                        List.of(),
                        StatusHub.Settings.DEFAULTS,
                        Clock.systemUTC())) {
            runtime.start();
            operator.create(
                    "ladder",
                    new SourceSpec(origin.masterUrl()),
                    Map.of("manifest", manifest, "stall", new DetectorSpec()));
            operator.assign("ladder", "ott", Map.of("w-0", List.of("manifest", "stall")));

            await().atMost(Duration.ofSeconds(40)).until(() -> manifestFacts(operator.get("ladder")));
            var facts = operator.get("ladder").getStatus().getStream().getManifest();
            assertThat(facts.getFormat()).isEqualTo("hls");
            assertThat(facts.getRenditions()).isEqualTo(3);
            assertThat(facts.getRendition()).isEqualTo("320x180@270000");
            assertThat(facts.getTargetDurationSec()).isEqualTo(1.0);

            origin.dropRendition(2, true);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> active(operator.get("ladder")).stream()
                            .anyMatch(d -> d.getType().equals("manifest")));
            ActiveDefect d = active(operator.get("ladder")).stream()
                    .filter(a -> a.getType().equals("manifest"))
                    .findFirst()
                    .orElseThrow();
            assertThat(d.getDetail()).startsWith("check=manifest_unavailable").contains("640x360@870000");
            List<String> table = kubectl(api, "get", "sm", "-n", ns);
            assertThat(table.get(0)).contains("DEFECTS");
            assertThat(table.get(1)).startsWith("ladder").contains("manifest");

            origin.dropRendition(2, false);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> active(operator.get("ladder")).stream()
                            .noneMatch(a -> a.getType().equals("manifest")));
            assertThat(operator.get("ladder").getStatus().getRecentDefects())
                    .anyMatch(r -> r.getType().equals("manifest"));
        }
    }

    private static boolean manifestFacts(StreamMonitor m) {
        return m != null
                && m.getStatus() != null
                && m.getStatus().getStream() != null
                && m.getStatus().getStream().getManifest() != null;
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
