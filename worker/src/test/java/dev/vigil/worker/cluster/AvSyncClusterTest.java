package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.api.v1alpha1.status.AvSync;
import dev.vigil.worker.metrics.AvSyncMetrics;
import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.OperatorStandIn;
import dev.vigil.worker.testing.TestMedia;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On the real API server: a monitor with the av_sync detector, fed a live UDP stream (FFmpeg's flash-and-beep signal
 * with the sound 250 ms late, looped in real time), shows the measured offset in {@code status.avSync} and an
 * {@code av_sync} defect in {@code status.activeDefects}; the worker's gauge carries the same figure.
 */
@Timeout(120)
class AvSyncClusterTest {

    static Path soundLate250() {
        return TestMedia.generate(
                "ts",
                "-filter_complex",
                "avsynctest=size=320x240:framerate=25:samplerate=48000:period=2:d=30[a][v];"
                        + "[a]adelay=delays=250:all=1[sa]",
                "-map",
                "[v]",
                "-map",
                "[sa]",
                "-t",
                "30",
                "-c:v",
                "libopenh264",
                "-b:v",
                "400k",
                "-g",
                "50",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-ac",
                "2",
                "-f",
                "mpegts",
                "OUT");
    }

    @Test
    void theOffsetIsInTheMonitorsStatusAndOutOfToleranceIsADefect() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("avsync");
        OperatorStandIn operator = new OperatorStandIn(api.client(), ns);
        int port = TestMedia.freeUdpPort();
        String url = "udp://127.0.0.1:" + port;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AvSyncMetrics metrics = new AvSyncMetrics(registry);
        Process sender = TestMedia.start(
                "-re",
                "-stream_loop",
                "-1",
                "-i",
                soundLate250().toString(),
                "-c",
                "copy",
                "-f",
                "mpegts",
                url + "?pkt_size=1316");
        try (KubernetesClient client = WorkerClient.create(api.config());
                WorkerRuntime runtime = new WorkerRuntime(
                        client,
                        new WorkerIdentity("w-0", ns, "general", Set.of("av_sync", "stall"), 8, Duration.ofSeconds(15)),
                        new SimpleMeterRegistry(),
                        List.of(metrics::create),
                        StatusHub.Settings.DEFAULTS,
                        Clock.systemUTC())) {
            runtime.start();
            operator.create(
                    "lipsync", new SourceSpec(url), Map.of("av_sync", new DetectorSpec(), "stall", new DetectorSpec()));
            operator.assign("lipsync", "general", Map.of("w-0", List.of("av_sync", "stall")));

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> active(operator.get("lipsync")).stream()
                            .anyMatch(d -> d.getType().equals("av_sync")));
            StreamMonitor m = operator.get("lipsync");
            AvSync sync = m.getStatus().getAvSync();
            assertThat(sync).as(String.valueOf(m.getStatus())).isNotNull();
            assertThat(sync.getState()).isEqualTo("outOfTolerance");
            assertThat(sync.getMethod()).isEqualTo("content");
            assertThat(sync.getOffsetMs().doubleValue()).isCloseTo(250, within(10.0));
            assertThat(sync.getConfidence()).isGreaterThan(0.5);
            assertThat(sync.getSoundEarlyMs()).isEqualTo(90);
            assertThat(sync.getSoundLateMs()).isEqualTo(185);
            ActiveDefect d = active(m).stream()
                    .filter(a -> a.getType().equals("av_sync"))
                    .findFirst()
                    .orElseThrow();
            assertThat(d.getDetail()).matches("offsetMs=2[45]\\d confidence=\\S+ method=content.* sound=late");
            assertThat(m.getStatus().getActiveDefectTypes()).contains("av_sync");
            assertThat(registry.get("vigil.av_sync.offset.ms")
                            .tag("bound", "max")
                            .gauge()
                            .value())
                    .isCloseTo(250, within(10.0));
        } finally {
            TestMedia.stop(sender);
        }
    }

    private static List<ActiveDefect> active(StreamMonitor m) {
        return m == null || m.getStatus() == null || m.getStatus().getActiveDefects() == null
                ? List.of()
                : m.getStatus().getActiveDefects();
    }
}
