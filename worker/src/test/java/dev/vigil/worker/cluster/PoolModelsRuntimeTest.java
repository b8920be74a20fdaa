package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.worker.config.ModelDeclarations;
import dev.vigil.worker.detect.ml.ModelRegistry;
import dev.vigil.worker.source.SourcePermissions;
import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.OperatorStandIn;
import dev.vigil.worker.testing.TestMedia;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WorkerPool's models as its workers get them (VIGIL_MODELS, files where the operator mounts them) on the
 * real API server: a good model runs as detector model:<name>; a corrupt one shows in the monitor's status
 * with the reason it cannot run, while the monitor's other detectors keep reporting.
 */
@Timeout(180)
class PoolModelsRuntimeTest {

    private static final String GOOD = "pool-brightness";
    private static final String CORRUPT = "pool-corrupt";

    @TempDir
    Path tmp;

    @AfterEach
    void forgetModels() {
        ModelRegistry.shared().remove(GOOD);
        ModelRegistry.shared().remove(CORRUPT);
    }

    @Test
    void poolModelsRunAndABrokenOneSaysWhyWhileTheOtherDetectorsReport() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("models");
        OperatorStandIn operator = new OperatorStandIn(api.client(), ns);
        // the fixture "model" scores a frame's mean brightness (0..1)
        Path good = Path.of("src/test/resources/models/brightness-64x32.onnx").toAbsolutePath();
        Path corrupt = Files.write(tmp.resolve("model.onnx"), "not an onnx file".getBytes());
        ModelDeclarations.registerFromEnvironment(
                "[{\"name\":\"" + GOOD + "\",\"file\":\"" + good
                        + "\",\"output\":{\"threshold\":0.5},\"raiseSec\":0.5},{\"name\":\"" + CORRUPT
                        + "\",\"file\":\""
                        + corrupt + "\"}]",
                ModelRegistry.shared());
        Path white = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "color=c=white:size=320x240:rate=25",
                "-t",
                "90",
                "-c:v",
                "libopenh264",
                "-b:v",
                "200k",
                "OUT");
        Path black = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "color=c=black:size=320x240:rate=25",
                "-t",
                "90",
                "-c:v",
                "libopenh264",
                "-b:v",
                "200k",
                "OUT");
        Set<String> detectors = Set.of("black", "model:" + GOOD, "model:" + CORRUPT);
        try (KubernetesClient client = WorkerClient.create(api.config());
                WorkerRuntime runtime = new WorkerRuntime(
                        client,
                        new WorkerIdentity("w-0", ns, "ml", detectors, 8, Duration.ofSeconds(15)),
                        new SourcePermissions(List.of(TestMedia.directory()), false),
                        new SimpleMeterRegistry(),
                        List.of(),
                        StatusHub.Settings.DEFAULTS,
                        Clock.systemUTC())) {
            runtime.start();
            operator.create(
                    "bright",
                    new SourceSpec("file://" + white.toAbsolutePath()),
                    Map.of("model:" + GOOD, new DetectorSpec()));
            operator.assign("bright", "ml", Map.of("w-0", List.of("model:" + GOOD)));
            DetectorSpec quickBlack = new DetectorSpec();
            quickBlack.setRaiseSec(0.5);
            operator.create(
                    "dark",
                    new SourceSpec("file://" + black.toAbsolutePath()),
                    Map.of("black", quickBlack, "model:" + CORRUPT, new DetectorSpec()));
            operator.assign("dark", "ml", Map.of("w-0", List.of("black", "model:" + CORRUPT)));

            ActiveDefect bright = awaitActive(operator, "bright", "model:" + GOOD);
            assertThat(bright.getDetail()).as("a real score, not an error").doesNotContain("unavailable");

            ActiveDefect broken = awaitActive(operator, "dark", "model:" + CORRUPT);
            assertThat(broken.getDetail())
                    .startsWith("detector unavailable: ")
                    .contains("model:" + CORRUPT + " cannot be loaded");
            awaitActive(operator, "dark", "black");
            assertThat(runtime.sessions().running().get(ns + "/dark").session())
                    .as("the monitor runs: only the broken model's detector is missing")
                    .isNotNull();
        }
    }

    /** The monitor's active entry of that type, once it shows (the status as last read in the failure message). */
    private static ActiveDefect awaitActive(OperatorStandIn operator, String monitor, String type) {
        AtomicReference<ActiveDefect> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            StreamMonitor m = operator.get(monitor);
            Optional<ActiveDefect> a = active(m, type);
            assertThat(a)
                    .as("%s in the status of %s: %s", type, monitor, m == null ? null : m.getStatus())
                    .isPresent();
            found.set(a.get());
        });
        return found.get();
    }

    private static Optional<ActiveDefect> active(StreamMonitor m, String type) {
        if (m == null || m.getStatus() == null || m.getStatus().getActiveDefects() == null) {
            return Optional.empty();
        }
        return m.getStatus().getActiveDefects().stream()
                .filter(d -> type.equals(d.getType()))
                .findFirst();
    }
}
