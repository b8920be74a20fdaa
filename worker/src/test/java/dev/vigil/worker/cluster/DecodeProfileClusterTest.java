package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.DecodeProfile;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.spec.DecodeSpec;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.WorkerPoolSpec;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.api.v1alpha1.status.DecodeInfo;
import dev.vigil.worker.session.StreamSession;
import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.LiveSignal;
import dev.vigil.worker.testing.OperatorStandIn;
import dev.vigil.worker.testing.TestMedia;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On the real API server: a worker of a pool in economy decoding shows it in {@code status.stream.decode}, escalates
 * the stream to full decoding while it is black (status and metrics say so), and when the pool is switched back to
 * full decoding the running stream switches too, without its session being restarted. A pool in keyframes decoding
 * fed a stream whose key pictures are ten seconds apart shows that stream decoded in economy, and why.
 */
@Timeout(150)
class DecodeProfileClusterTest {

    @Test
    void thePoolsProfileReachesTheRunningStreamAndEscalationsShowInStatus() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("decode");
        api.client().resource(pool(ns, DecodeProfile.ECONOMY)).create();
        OperatorStandIn operator = new OperatorStandIn(api.client(), ns);
        int port = TestMedia.freeUdpPort();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Process sender = new LiveSignal()
                .seconds(60)
                .black(14, 24)
                .sendTo("mpegts", "udp://127.0.0.1:" + port + "?pkt_size=1316");
        try (KubernetesClient client = WorkerClient.create(api.config());
                WorkerRuntime runtime = runtime(client, ns, registry)) {
            runtime.start();
            watch(operator, "news", port);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> decode(operator.get("news")) != null
                            && decode(operator.get("news")).getProfile() == DecodeProfile.ECONOMY);
            StreamSession session =
                    runtime.sessions().running().get(ns + "/news").session();

            // black: escalated to full decoding while it is measured
            await().atMost(Duration.ofSeconds(40)).until(() -> {
                DecodeInfo d = decode(operator.get("news"));
                return d.getCurrent() == DecodeProfile.FULL && "black".equals(d.getReason());
            });
            assertThat(registry.get("vigil.decode.escalations")
                            .tag("reason", "black")
                            .functionCounter()
                            .count())
                    .isGreaterThanOrEqualTo(1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> operator.get("news").getStatus().getActiveDefects() != null
                            && operator.get("news").getStatus().getActiveDefects().stream()
                                    .anyMatch(a -> a.getType().equals("black")
                                            && a.getDetail().contains("decode=full")));

            // the pool goes back to full decoding: the running stream follows, in the same session
            api.client()
                    .resources(WorkerPool.class)
                    .inNamespace(ns)
                    .withName("video")
                    .edit(p -> {
                        p.getSpec().getDecode().setProfile(DecodeProfile.FULL);
                        return p;
                    });
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                DecodeInfo d = decode(operator.get("news"));
                return d.getProfile() == DecodeProfile.FULL && d.getCurrent() == DecodeProfile.FULL;
            });
            assertThat(runtime.sessions().running().get(ns + "/news").session()).isSameAs(session);
            assertThat(registry.get("vigil.decode.escalated.streams").gauge().value())
                    .isZero();
        } finally {
            TestMedia.stop(sender);
        }
    }

    @Test
    void keyframesOnAStreamWhoseKeyPicturesAreTenSecondsApartShowsItIsDecodedInEconomy() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("decode");
        api.client().resource(pool(ns, DecodeProfile.KEYFRAMES)).create();
        OperatorStandIn operator = new OperatorStandIn(api.client(), ns);
        int port = TestMedia.freeUdpPort();
        Process sender =
                new LiveSignal().seconds(40).gop(250).sendTo("mpegts", "udp://127.0.0.1:" + port + "?pkt_size=1316");
        try (KubernetesClient client = WorkerClient.create(api.config());
                WorkerRuntime runtime = runtime(client, ns, new SimpleMeterRegistry())) {
            runtime.start();
            watch(operator, "contribution", port);

            // the first key picture, then 2.5 s without another: watched in economy, and status says why
            await().atMost(Duration.ofSeconds(40)).until(() -> {
                DecodeInfo d = decode(operator.get("contribution"));
                return d != null
                        && d.getProfile() == DecodeProfile.KEYFRAMES
                        && d.getCurrent() == DecodeProfile.ECONOMY
                        && "sparseKeyPictures".equals(d.getReason());
            });
            var active = operator.get("contribution").getStatus().getActiveDefects();
            assertThat(active == null ? List.<ActiveDefect>of() : active)
                    .as("no stall while the stream waited for its first key picture or since")
                    .noneMatch(a -> a.getType().equals("stall"));
            // joined between key pictures: the size the probe could not find comes with the first picture
            assertThat(operator.get("contribution").getStatus().getStream().getResolution())
                    .isEqualTo("320x240");
        } finally {
            TestMedia.stop(sender);
        }
    }

    /** The pool's one worker, carrying black and stall. */
    private static WorkerRuntime runtime(KubernetesClient client, String ns, SimpleMeterRegistry registry) {
        return new WorkerRuntime(
                client,
                new WorkerIdentity("video-0", ns, "video", Set.of("black", "stall"), 8, Duration.ofSeconds(15)),
                registry,
                List.of(),
                StatusHub.Settings.DEFAULTS,
                Clock.systemUTC());
    }

    /** A monitor of the UDP stream on {@code port}, placed on the worker. */
    private static void watch(OperatorStandIn operator, String name, int port) {
        operator.create(
                name,
                new SourceSpec("udp://127.0.0.1:" + port),
                Map.of("black", new DetectorSpec(), "stall", new DetectorSpec()));
        operator.assign(name, "video", Map.of("video-0", List.of("black", "stall")));
    }

    static WorkerPool pool(String ns, DecodeProfile profile) {
        WorkerPool p = new WorkerPool();
        p.setMetadata(
                new ObjectMetaBuilder().withName("video").withNamespace(ns).build());
        WorkerPoolSpec spec = new WorkerPoolSpec();
        spec.setDetectors(List.of("black", "stall"));
        spec.setCapacity(8.0);
        spec.setMaxWorkers(1);
        DecodeSpec decode = new DecodeSpec();
        decode.setProfile(profile);
        spec.setDecode(decode);
        p.setSpec(spec);
        return p;
    }

    private static DecodeInfo decode(StreamMonitor m) {
        return m == null || m.getStatus() == null || m.getStatus().getStream() == null
                ? null
                : m.getStatus().getStream().getDecode();
    }
}
