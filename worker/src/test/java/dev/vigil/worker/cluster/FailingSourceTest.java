package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.SecretUsage;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSecretRef;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.worker.source.SourcePermissions;
import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.OperatorStandIn;
import dev.vigil.worker.testing.TestMedia;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * In a cluster a session never gives up: a source that cannot be reached is retried while StreamUp says why
 * (without the credentials its Secret put into the URL), and a source that ends (a file) is opened again.
 */
@Timeout(120)
class FailingSourceTest {

    @Test
    void unreachableSourcesAreRetriedAndEndedOnesReopened() {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("failing");
        OperatorStandIn operator = new OperatorStandIn(api.client(), ns);
        Path clip = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-t",
                "2",
                "-c:v",
                "libopenh264",
                "-b:v",
                "300k",
                "OUT");
        try (KubernetesClient client = WorkerClient.create(api.config());
                WorkerRuntime runtime = new WorkerRuntime(
                        client,
                        new WorkerIdentity("w-0", ns, "video", Set.of("black"), 8, Duration.ofSeconds(15)),
                        new SourcePermissions(List.of(TestMedia.directory()), false),
                        new SimpleMeterRegistry(),
                        List.of(),
                        StatusHub.Settings.DEFAULTS,
                        Clock.systemUTC())) {
            runtime.start();
            int closed = TestMedia.freeTcpPort();
            api.client()
                    .resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName("viewer")
                            .withNamespace(ns)
                            .addToLabels(SecretUsage.LABEL, SecretUsage.SOURCE)
                            .endMetadata()
                            .addToStringData("username", "viewer")
                            .addToStringData("password", "hunter2secret")
                            .build())
                    .create();
            SourceSpec unreachable = new SourceSpec("http://127.0.0.1:" + closed + "/live.m3u8");
            SourceSecretRef viewer = new SourceSecretRef();
            viewer.setName("viewer");
            unreachable.setSecretRef(viewer);
            operator.create("refused", unreachable, Map.of("black", new DetectorSpec()));
            operator.assign("refused", "video", Map.of("w-0", List.of("black")));
            operator.create(
                    "file",
                    new SourceSpec("file://" + clip.toAbsolutePath().normalize()),
                    Map.of("black", new DetectorSpec()));
            operator.assign("file", "video", Map.of("w-0", List.of("black")));

            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> streamUp(operator.get("refused")),
                            up -> up.map(c -> c.getStatus() == ConditionStatus.FALSE)
                                    .orElse(false));
            Condition refused = streamUp(operator.get("refused")).get();
            assertThat(refused.getReason()).isEqualTo(Conditions.CONNECT_FAILED);
            assertThat(refused.getMessage()).contains("retrying").doesNotContain("hunter2secret");
            long generation = runtime.sessions().running().get(ns + "/refused").generation();

            // the file ends every 2 s: its session is started again, later each time
            long first = runtime.sessions().running().get(ns + "/file").generation();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> runtime.sessions().running().get(ns + "/file").generation() >= first + 2);
            assertThat(runtime.sessions().running().get(ns + "/refused").generation())
                    .as("an unreachable source is retried by its own session, which never ends")
                    .isEqualTo(generation);
            assertThat(runtime.sessions().running().get(ns + "/refused").session())
                    .isNotNull();
        }
    }

    private static Optional<Condition> streamUp(StreamMonitor m) {
        return m == null || m.getStatus() == null
                ? Optional.empty()
                : m.getStatus().findCondition(Conditions.STREAM_UP);
    }
}
