package dev.vigil.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.worker.cluster.WorkerRuntime;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.OperatorStandIn;
import dev.vigil.worker.testing.TestMedia;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil worker} as a process: bad settings, and a clean stop on SIGTERM. */
@Timeout(120)
class WorkerCommandTest {

    @TempDir
    Path tmp;

    @Test
    void missingIdentityIsAUsageError() {
        CliRun run = CliRun.vigil("worker", "--namespace", "ns", "--pool", "p", "--name", "");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("missing worker name (--name or POD_NAME)");
    }

    @Test
    void badBudgetIsAUsageError() {
        CliRun run = CliRun.vigil(
                "worker", "--name", "w", "--namespace", "ns", "--pool", "p", "--status-writes-per-sec", "0");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--status-writes-per-sec");
    }

    @Test
    void runsUntilSigtermThenWritesFinalStatusAndReleasesItsLease() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("cli");
        Path kubeconfig = tmp.resolve("kubeconfig");
        Files.writeString(kubeconfig, api.kubeconfigYaml());
        OperatorStandIn operator = new OperatorStandIn(api.client(), ns);
        operator.create(
                "m", new SourceSpec("udp://127.0.0.1:" + TestMedia.freeUdpPort()), Map.of("black", new DetectorSpec()));
        operator.assign("m", "video", Map.of("video-0", List.of("black")));

        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", ""),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.vigil.worker.cli.VigilCli",
                "worker",
                "--kubeconfig",
                kubeconfig.toString(),
                "--namespace",
                ns,
                "--pool",
                "video",
                "--lease-duration",
                "6"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("worker.log").toFile());
        pb.environment().put("POD_NAME", "video-0");
        Process worker = pb.start();
        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> alive(lease(api, ns)));
            await().atMost(Duration.ofSeconds(30)).until(() -> streamUpReason(operator.get("m")) != null);

            worker.destroy(); // SIGTERM
            assertThat(worker.waitFor(30, TimeUnit.SECONDS))
                    .as(Files.readString(tmp.resolve("worker.log")))
                    .isTrue();
            assertThat(worker.exitValue())
                    .as("terminated by SIGTERM after an orderly shutdown")
                    .isIn(0, 143);
            assertThat(alive(lease(api, ns))).as("lease released").isFalse();
            assertThat(streamUpReason(operator.get("m"))).isEqualTo(WorkerRuntime.WORKER_STOPPED);
            assertThat(Files.readString(tmp.resolve("worker.log")))
                    .contains("vigil worker: video-0 stopped")
                    .doesNotContain("Exception in thread");
        } finally {
            worker.destroyForcibly();
        }
    }

    private static Lease lease(KubeApi api, String ns) {
        return api.client().leases().inNamespace(ns).withName("video-0").get();
    }

    private static boolean alive(Lease l) {
        return l != null
                && l.getSpec()
                        .getRenewTime()
                        .toInstant()
                        .plusSeconds(l.getSpec().getLeaseDurationSeconds())
                        .isAfter(Instant.now());
    }

    private static String streamUpReason(StreamMonitor m) {
        return m == null || m.getStatus() == null
                ? null
                : m.getStatus()
                        .findCondition(Conditions.STREAM_UP)
                        .map(c -> c.getReason())
                        .orElse(null);
    }
}
