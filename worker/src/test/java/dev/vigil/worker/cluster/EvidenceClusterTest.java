package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.DefectEvidence;
import dev.vigil.api.v1alpha1.status.RecentDefect;
import dev.vigil.worker.evidence.EvidenceCapture;
import dev.vigil.worker.evidence.EvidenceSettings;
import dev.vigil.worker.evidence.S3Settings;
import dev.vigil.worker.evidence.S3Store;
import dev.vigil.worker.notify.EventSettings;
import dev.vigil.worker.notify.KubernetesEvents;
import dev.vigil.worker.notify.NotifyMetrics;
import dev.vigil.worker.source.SourcePermissions;
import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.testing.DecodedClip;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.LiveSignal;
import dev.vigil.worker.testing.OperatorStandIn;
import dev.vigil.worker.testing.S3Server;
import dev.vigil.worker.testing.TestMedia;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real API server, with a real S3 server (S3Proxy) and a live UDP stream that goes black, then silent:
 * the black defect in the monitor's status carries the keys of its evidence, the objects are in the bucket with
 * their metadata, the JPEG decodes to the black picture, the clip plays and goes black where the status says the
 * onset is, the presigned link fetches the picture, and the DefectOpened Event names the keys. Then the store goes
 * down: the silence defect is still reported, its evidence says lost and why, and the metric shows the store failing.
 */
@Timeout(180)
class EvidenceClusterTest {

    private static final String BUCKET = "evidence";

    @Test
    void aDefectCarriesItsEvidenceAndALostStoreDoesNotStopMonitoring(@TempDir Path tmp) throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("evidence");
        OperatorStandIn operator = new OperatorStandIn(api.client(), ns);
        int port = TestMedia.freeUdpPort();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Process sender = null;
        try (S3Server s3 = S3Server.start(BUCKET);
                KubernetesClient client = WorkerClient.create(api.config())) {
            S3Settings settings = S3Settings.of(BUCKET)
                    .withPrefix("vigil")
                    .withEndpoint(s3.endpoint(), true)
                    .withCredentials(new S3Settings.Credentials(S3Server.ACCESS_KEY, S3Server.SECRET_KEY))
                    .withPresignExpiry(Duration.ofMinutes(15))
                    .withMaxAttempts(2);
            EvidenceCapture capture = new EvidenceCapture(new S3Store(settings), EvidenceSettings.DEFAULTS, "vigil");
            KubernetesEvents events = new KubernetesEvents(
                    client,
                    "w-0",
                    new NotifyMetrics() {},
                    EventSettings.defaults().withFlushInterval(Duration.ofMillis(200)),
                    Clock.systemUTC());
            events.useEvidence(capture);
            try (WorkerRuntime runtime = new WorkerRuntime(
                    client,
                    new WorkerIdentity(
                            "w-0", ns, "video", Set.of("black", "silence", "stall"), 8, Duration.ofSeconds(15)),
                    SourcePermissions.NONE,
                    registry,
                    List.of(events::create),
                    StatusHub.Settings.DEFAULTS,
                    Clock.systemUTC(),
                    capture)) {
                runtime.start();
                operator.create(
                        "tv",
                        new SourceSpec("udp://127.0.0.1:" + port),
                        Map.of(
                                "black",
                                new DetectorSpec(),
                                "silence",
                                new DetectorSpec(),
                                "stall",
                                new DetectorSpec()));
                operator.assign("tv", "video", Map.of("w-0", List.of("black", "silence", "stall")));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> runtime.sessions().running().containsKey(ns + "/tv"));
                sender = new LiveSignal()
                        .seconds(34)
                        .black(8, 12)
                        .silence(22, 26)
                        .sendTo("mpegts", "udp://127.0.0.1:" + port + "?pkt_size=1316");

                // the black defect's evidence, stored
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> evidenceOf(operator.get("tv"), "black")
                                .filter(e -> "stored".equals(e.getState()))
                                .isPresent());
                DefectEvidence black = evidenceOf(operator.get("tv"), "black").orElseThrow();
                assertThat(black.getThumbnail()).matches("vigil/" + ns + "/tv/\\d{8}T\\d{6}\\.\\d{3}Z-black\\.jpg");
                assertThat(black.getClip()).isEqualTo(black.getThumbnail().replace(".jpg", ".ts"));
                assertThat(s3.metadata(BUCKET, black.getClip()))
                        .containsEntry("vigil-type", "black")
                        .containsEntry("vigil-monitor", ns + "/tv")
                        .containsEntry("vigil-worker", "w-0")
                        .containsKey("vigil-start")
                        .containsKey("vigil-clip-start-sec");
                BufferedImage jpeg = ImageIO.read(new ByteArrayInputStream(s3.bytes(BUCKET, black.getThumbnail())));
                assertThat(jpeg).as("a decodable JPEG").isNotNull();
                assertThat(jpeg.getWidth()).isEqualTo(320);
                assertThat(meanLuma(jpeg)).as("the black picture").isLessThan(24);

                Path clipFile = tmp.resolve("black.ts");
                Files.write(clipFile, s3.bytes(BUCKET, black.getClip()));
                DecodedClip clip = DecodedClip.of(clipFile);
                assertThat(clip.facts().container()).isEqualTo("mpegts");
                assertThat(clip.durationSec())
                        .as("onset - 5 s (from a key frame) to onset + 5 s")
                        .isBetween(9.0, 11.5);
                assertThat(black.getOnsetSec()).isBetween(4.5, 5.6);
                assertThat(clip.firstDarkerThan(24))
                        .as("the clip goes black at the onset the status names")
                        .isCloseTo(black.getOnsetSec(), within(0.2));
                assertThat(clip.audioPackets()).isGreaterThan(0);

                HttpResponse<byte[]> viaLink = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(black.getThumbnailUrl()))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                assertThat(viaLink.statusCode()).isEqualTo(200);
                assertThat(viaLink.body()).isEqualTo(s3.bytes(BUCKET, black.getThumbnail()));
                assertThat(black.getThumbnailUrl()).doesNotContain(S3Server.SECRET_KEY);

                await().atMost(Duration.ofSeconds(20))
                        .until(() -> eventNotes(client, ns).stream()
                                .anyMatch(n -> n.startsWith("black defect opened")
                                        && n.contains(black.getThumbnail())
                                        && n.contains(black.getClip())));

                // the store goes down: monitoring goes on, the next defect's evidence is lost, and says so
                s3.stop();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> evidenceOf(operator.get("tv"), "silence")
                                .filter(e -> "lost".equals(e.getState()))
                                .isPresent());
                DefectEvidence silence =
                        evidenceOf(operator.get("tv"), "silence").orElseThrow();
                assertThat(silence.getReason()).contains("unreachable").doesNotContain(S3Server.SECRET_KEY);
                assertThat(silence.getThumbnail()).isNull();
                assertThat(streamUp(operator.get("tv")))
                        .as("the stream is still watched")
                        .isEqualTo(ConditionStatus.TRUE);
                assertThat(registry.get("vigil.evidence.store.failing").gauge().value())
                        .isEqualTo(1.0);
                assertThat(registry.get("vigil.evidence.captures")
                                .tag("result", "lost")
                                .functionCounter()
                                .count())
                        .isGreaterThanOrEqualTo(1);
                assertThat(registry.get("vigil.evidence.captures")
                                .tag("result", "stored")
                                .functionCounter()
                                .count())
                        .isGreaterThanOrEqualTo(1);
            } finally {
                events.close();
            }
        } finally {
            TestMedia.stop(sender);
        }
    }

    /** The evidence of the newest defect of this type, active or recent. */
    private static Optional<DefectEvidence> evidenceOf(StreamMonitor m, String type) {
        if (m == null || m.getStatus() == null) {
            return Optional.empty();
        }
        List<DefectEvidence> found = new ArrayList<>();
        Stream.ofNullable(m.getStatus().getActiveDefects())
                .flatMap(List::stream)
                .filter(a -> a.getType().equals(type))
                .map(ActiveDefect::getEvidence)
                .forEach(found::add);
        Stream.ofNullable(m.getStatus().getRecentDefects())
                .flatMap(List::stream)
                .filter(r -> r.getType().equals(type))
                .map(RecentDefect::getEvidence)
                .forEach(found::add);
        return found.stream().filter(e -> e != null).findFirst();
    }

    private static ConditionStatus streamUp(StreamMonitor m) {
        return m.getStatus()
                .findCondition(Conditions.STREAM_UP)
                .map(c -> c.getStatus())
                .orElse(null);
    }

    private static List<String> eventNotes(KubernetesClient client, String ns) {
        return client.events().v1().events().inNamespace(ns).list().getItems().stream()
                .map(Event::getNote)
                .toList();
    }

    private static double meanLuma(BufferedImage img) {
        double sum = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                sum += 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
            }
        }
        return sum / (img.getWidth() * img.getHeight());
    }
}
