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
import dev.vigil.worker.testing.BackgroundCli;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.LiveSignal;
import dev.vigil.worker.testing.OperatorStandIn;
import dev.vigil.worker.testing.TestMedia;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Source credentials from a Secret: an SRT listener encrypted with the Secret's passphrase receives the
 * encrypted stream, the passphrase appears nowhere in the status, and a missing Secret is a readable
 * StreamUp=False/InvalidSpec.
 */
@Timeout(120)
class SourceSecretTest {

    private static final String PASSPHRASE = "vigil-test-passphrase-42";

    @Test
    void passphraseFromTheSecretOpensTheEncryptedStreamAndNeverShows() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("secret");
        api.client()
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("srt-creds")
                        .withNamespace(ns)
                        .addToLabels(SecretUsage.LABEL, SecretUsage.SOURCE)
                        .endMetadata()
                        .addToStringData("passphrase", PASSPHRASE)
                        .build())
                .create();
        OperatorStandIn operator = new OperatorStandIn(api.client(), ns);
        int port = TestMedia.freeUdpPort();
        SourceSpec encrypted = new SourceSpec("srt://127.0.0.1:" + port + "?mode=listener");
        SourceSecretRef ref = new SourceSecretRef();
        ref.setName("srt-creds");
        encrypted.setSecretRef(ref);
        encrypted.setOpenTimeoutSec(60);
        SourceSpec missing = new SourceSpec("srt://127.0.0.1:" + TestMedia.freeUdpPort() + "?mode=listener");
        SourceSecretRef absent = new SourceSecretRef();
        absent.setName("absent");
        missing.setSecretRef(absent);

        Process sender = null;
        try (KubernetesClient client = WorkerClient.create(api.config());
                WorkerRuntime runtime = new WorkerRuntime(
                        client,
                        new WorkerIdentity("w-0", ns, "av", Set.of("silence"), 8, Duration.ofSeconds(15)),
                        new SourcePermissions(List.of(), true),
                        new SimpleMeterRegistry(),
                        List.of(),
                        StatusHub.Settings.DEFAULTS,
                        Clock.systemUTC())) {
            runtime.start();
            operator.create("encrypted", encrypted, Map.of("silence", new DetectorSpec()));
            operator.assign("encrypted", "av", Map.of("w-0", List.of("silence")));
            operator.create("missing", missing, Map.of("silence", new DetectorSpec()));
            operator.assign("missing", "av", Map.of("w-0", List.of("silence")));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> runtime.sessions().running().containsKey(ns + "/encrypted"));
            BackgroundCli.sleep(1500);
            sender = new LiveSignal()
                    .seconds(30)
                    .sendTo("mpegts", "srt://127.0.0.1:" + port + "?mode=caller&passphrase=" + PASSPHRASE);
            await().atMost(Duration.ofSeconds(40))
                    .until(() -> streamUp(operator.get("encrypted"))
                            .map(c -> c.getStatus() == ConditionStatus.TRUE)
                            .orElse(false));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> streamUp(operator.get("missing")).isPresent());
            Condition invalid = streamUp(operator.get("missing")).get();
            assertThat(invalid.getStatus()).isEqualTo(ConditionStatus.FALSE);
            assertThat(invalid.getReason()).isEqualTo(Conditions.INVALID_SPEC);
            assertThat(invalid.getMessage()).contains("Secret 'absent' not found");

            for (String name : List.of("encrypted", "missing")) {
                String status = api.client()
                        .getKubernetesSerialization()
                        .asJson(operator.get(name).getStatus());
                assertThat(status).doesNotContain(PASSPHRASE);
            }
        } finally {
            TestMedia.stop(sender);
        }
    }

    private static Optional<Condition> streamUp(StreamMonitor m) {
        return m == null || m.getStatus() == null
                ? Optional.empty()
                : m.getStatus().findCondition(Conditions.STREAM_UP);
    }
}
