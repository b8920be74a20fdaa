package dev.vigil.worker.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.NotifySpec;
import dev.vigil.api.v1alpha1.spec.SecretKeyRef;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.spec.WebhookSpec;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.evidence.EvidenceRef;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.StreamEvent;
import dev.vigil.worker.source.StreamFacts;
import dev.vigil.worker.testing.BackgroundCli;
import dev.vigil.worker.testing.LogCapture;
import dev.vigil.worker.testing.MutableClock;
import dev.vigil.worker.testing.TestTls;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhook delivery against real HTTP endpoints on loopback; events are parsed back with the CloudEvents SDK. */
class WebhookDispatcherTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final SecretKeyRef AUTH = new SecretKeyRef("hook-auth", "authorization");
    static final ObjectMapper JSON = new ObjectMapper();

    final CountingMetrics metrics = new CountingMetrics();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00.250Z"));
    final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    static WebhookSettings settings(int capacity, int senders, RetryPolicy retry) {
        return WebhookSettings.defaults()
                .withQueue(capacity, senders)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withRetry(retry)
                .withTls(TestTls.client());
    }

    WebhookDispatcher dispatcher(WebhookSettings settings, SecretResolver secrets) {
        WebhookDispatcher d = new WebhookDispatcher("general-7d9f-0", secrets, metrics, settings, clock);
        closeLater.add(0, () -> d.close(Duration.ZERO));
        return d;
    }

    WebhookReceiver receiver(WebhookReceiver r) {
        closeLater.add(r);
        return r;
    }

    static StreamMonitor monitor(WebhookSpec... hooks) {
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(new SourceSpec("srt://ingest.example.com:9000?passphrase=not-for-webhooks"));
        NotifySpec notify = new NotifySpec();
        notify.setWebhooks(List.of(hooks));
        spec.setNotify(notify);
        StreamMonitor m = new StreamMonitor("media", "sports", spec);
        m.getMetadata().setUid("6f1c1f5e-0000-4000-8000-000000000001");
        return m;
    }

    static WebhookSpec hook(URI url, SecretKeyRef auth) {
        WebhookSpec spec = new WebhookSpec(url.toString());
        spec.setSecretRef(auth);
        return spec;
    }

    static Defect freeze(double start, double end) {
        return new Defect(
                DetectorName.of(DefectType.FREEZE), start, end, Severity.MAJOR, Map.of("frozenSec", 2.5), false);
    }

    static JsonNode data(CloudEvent e) throws IOException {
        return JSON.readTree(e.getData().toBytes());
    }

    @Test
    void anEscalatedDefectIsItsOwnCloudEventWithTheNewSeverity() throws Exception {
        WebhookReceiver r = receiver(WebhookReceiver.answering(i -> 204));
        WebhookDispatcher d = dispatcher(settings(100, 1, RetryPolicy.defaults()), (ns, ref) -> Optional.empty());
        SessionListener listener = d.create(monitor(hook(r.url("/hooks/vigil"), null)));

        Defect minor = new Defect(DetectorName.of(DefectType.BLACK), 3.0, Double.NaN, Severity.MINOR, Map.of(), false);
        listener.onDefectOpened(minor);
        listener.onDefectEscalated(new Defect(minor.type(), 3.0, Double.NaN, Severity.MAJOR, Map.of(), false));
        await().atMost(WAIT).until(() -> metrics.delivered.get() == 2);

        List<CloudEvent> events =
                r.received().stream().map(WebhookReceiver.Received::event).toList();
        assertThat(events)
                .extracting(CloudEvent::getType)
                .containsExactly("dev.vigil.defect.opened", "dev.vigil.defect.escalated");
        assertThat(data(events.get(0)).get("severity").asText()).isEqualTo("minor");
        assertThat(data(events.get(1)).get("severity").asText()).isEqualTo("major");
        assertThat(data(events.get(1)).get("startSec").asDouble()).isEqualTo(3.0);
        assertThat(events.get(1).getSubject()).isEqualTo("black");
    }

    @Test
    void deliversEachNotificationAsAStructuredCloudEvent() throws Exception {
        WebhookReceiver r = receiver(WebhookReceiver.httpsAnswering(i -> 204));
        SecretResolver secrets =
                (ns, ref) -> ns.equals("media") && ref.equals(AUTH) ? Optional.of("Bearer t0k3n") : Optional.empty();
        WebhookDispatcher d = dispatcher(settings(100, 1, RetryPolicy.defaults()), secrets);
        SessionListener listener = d.create(monitor(hook(r.url("/hooks/vigil"), AUTH)));

        listener.onDefectOpened(freeze(12.5, Double.NaN));
        listener.onDefectClosed(freeze(12.5, 15.0));
        listener.onStreamEvent(new StreamEvent(
                20,
                "streamDown",
                "Connection refused: rtmp://publisher:hunter2@ingest.example.com/live/sk-secret-key",
                Map.of()));
        listener.onStreamUp(new StreamFacts("flv", "h264", 1280, 720, 25, "yuv420p", "aac", 48000, 2, "stereo", 0, 0));
        await().atMost(WAIT).until(() -> metrics.delivered.get() == 4);

        List<WebhookReceiver.Received> got = r.received();
        assertThat(got).hasSize(4).allSatisfy(req -> {
            assertThat(req.header("Content-Type")).startsWith("application/cloudevents+json");
            assertThat(req.header("Authorization")).isEqualTo("Bearer t0k3n");
        });
        List<CloudEvent> events =
                got.stream().map(WebhookReceiver.Received::event).toList();
        assertThat(events)
                .extracting(CloudEvent::getType)
                .containsExactly(
                        "dev.vigil.defect.opened",
                        "dev.vigil.defect.closed",
                        "dev.vigil.stream.down",
                        "dev.vigil.stream.up");
        assertThat(events).extracting(CloudEvent::getId).doesNotHaveDuplicates();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getSpecVersion().toString()).isEqualTo("1.0");
            assertThat(e.getSource())
                    .isEqualTo(URI.create("/apis/vigil.dev/v1alpha1/namespaces/media/streammonitors/sports"));
            assertThat(e.getTime()).isEqualTo(OffsetDateTime.of(2026, 3, 1, 10, 0, 0, 250_000_000, ZoneOffset.UTC));
            assertThat(e.getDataContentType()).isEqualTo("application/json");
            JsonNode data = data(e);
            assertThat(data.at("/monitor/namespace").asText()).isEqualTo("media");
            assertThat(data.at("/monitor/name").asText()).isEqualTo("sports");
            assertThat(data.at("/monitor/uid").asText()).isEqualTo("6f1c1f5e-0000-4000-8000-000000000001");
            assertThat(data.at("/worker").asText()).isEqualTo("general-7d9f-0");
            assertThat(new String(e.getData().toBytes()))
                    .doesNotContain("hunter2", "sk-secret-key", "not-for-webhooks");
        });

        CloudEvent opened = events.get(0);
        assertThat(opened.getSubject()).isEqualTo("freeze");
        JsonNode openedData = data(opened);
        assertThat(openedData.at("/type").asText()).isEqualTo("freeze");
        assertThat(openedData.at("/severity").asText()).isEqualTo("major");
        assertThat(openedData.at("/startSec").asDouble()).isEqualTo(12.5);
        assertThat(openedData.has("endSec")).as("an open defect has no end").isFalse();
        assertThat(openedData.at("/detail/frozenSec").asDouble()).isEqualTo(2.5);
        JsonNode closedData = data(events.get(1));
        assertThat(closedData.at("/endSec").asDouble()).isEqualTo(15.0);
        assertThat(closedData.at("/durationSec").asDouble()).isEqualTo(2.5);
        assertThat(data(events.get(2)).at("/message").asText()).isEqualTo("Connection refused: <url>");
        assertThat(events.get(2).getSubject()).isNull();
        assertThat(data(events.get(3)).at("/message").asText()).isEqualTo("stream up: h264 1280x720, aac");
    }

    @Test
    void defectEventsCarryTheKeysAndLinksOfTheirEvidence() throws Exception {
        WebhookReceiver r = receiver(WebhookReceiver.answering(i -> 204));
        WebhookDispatcher d = dispatcher(settings(100, 1, RetryPolicy.defaults()), (ns, ref) -> Optional.empty());
        String stem = "vigil/media/sports/20260301T100000.000Z-freeze";
        d.useEvidence((ns, name) -> defect -> ns.equals("media") && name.equals("sports") && defect.startSec() == 12.5
                ? new EvidenceRef(
                        stem,
                        12.5,
                        stem + ".jpg",
                        stem + ".ts",
                        EvidenceRef.State.PENDING,
                        null,
                        Double.NaN,
                        Double.NaN,
                        "https://s3.example.com/evidence/" + stem + ".jpg?X-Amz-Signature=abc",
                        null)
                : null);
        SessionListener listener = d.create(monitor(hook(r.url("/hooks/vigil"), null)));

        listener.onDefectOpened(freeze(12.5, Double.NaN));
        listener.onDefectOpened(freeze(40, Double.NaN));
        await().atMost(WAIT).until(() -> metrics.delivered.get() == 2);

        JsonNode withEvidence = data(r.received().get(0).event());
        assertThat(withEvidence.at("/evidence/state").asText()).isEqualTo("pending");
        assertThat(withEvidence.at("/evidence/thumbnail").asText()).isEqualTo(stem + ".jpg");
        assertThat(withEvidence.at("/evidence/clip").asText()).isEqualTo(stem + ".ts");
        assertThat(withEvidence.at("/evidence/thumbnailUrl").asText()).startsWith("https://s3.example.com/");
        assertThat(withEvidence.has("/evidence/clipUrl")).isFalse();
        assertThat(data(r.received().get(1).event()).has("evidence"))
                .as("no evidence taken for this one")
                .isFalse();
    }

    @Test
    void retriesServerErrorsWithGrowingBackoffUntilAccepted() throws Exception {
        WebhookReceiver r = receiver(WebhookReceiver.answering(i -> i < 2 ? 503 : 200));
        RetryPolicy retry = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5));
        WebhookDispatcher d = dispatcher(settings(100, 2, retry), (ns, ref) -> Optional.empty());
        d.create(monitor(hook(r.url("/hook"), null))).onDefectOpened(freeze(1, Double.NaN));
        await().atMost(WAIT).until(() -> metrics.delivered.get() == 1);

        List<WebhookReceiver.Received> got = r.received();
        assertThat(got).hasSize(3);
        assertThat(got)
                .extracting(req -> req.event().getId())
                .as("a retry resends the same event")
                .containsOnly(got.get(0).event().getId());
        // equal jitter: the n-th wait is at least half of initial * 2^(n-1)
        assertThat(Duration.ofNanos(got.get(1).atNanos() - got.get(0).atNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.ofNanos(got.get(2).atNanos() - got.get(1).atNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(metrics.failed).hasValue(0);
    }

    @Test
    void retriesTooManyRequestsButNotABadRequest() throws Exception {
        WebhookReceiver busy = receiver(WebhookReceiver.answering(i -> i == 0 ? 429 : 204));
        WebhookReceiver refusing = receiver(WebhookReceiver.answering(i -> 400));
        RetryPolicy retry = new RetryPolicy(5, Duration.ofMillis(50), Duration.ofSeconds(1));
        WebhookDispatcher d = dispatcher(settings(100, 2, retry), (ns, ref) -> Optional.empty());
        d.create(monitor(hook(busy.url("/a"), null), hook(refusing.url("/b"), null)))
                .onDefectOpened(freeze(1, Double.NaN));
        await().atMost(WAIT).until(() -> metrics.delivered.get() == 1 && metrics.failed.get() == 1);

        assertThat(busy.received()).hasSize(2);
        assertThat(refusing.received()).as("a 400 is final").hasSize(1);
    }

    @Test
    void givesUpAfterTheLastAttempt() throws Exception {
        WebhookReceiver r = receiver(WebhookReceiver.answering(i -> 500));
        RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100));
        WebhookDispatcher d = dispatcher(settings(100, 1, retry), (ns, ref) -> Optional.empty());
        d.create(monitor(hook(r.url("/hook"), null))).onDefectOpened(freeze(1, Double.NaN));
        await().atMost(WAIT).until(() -> metrics.failed.get() == 1);

        assertThat(r.received()).hasSize(3);
        assertThat(metrics.delivered).hasValue(0);
    }

    @Test
    void aFullQueueDropsTheOldestAndCountsIt() throws Exception {
        WebhookReceiver r = receiver(new WebhookReceiver(i -> 204, true));
        // a request timeout far beyond the test, so the held request is never retried behind the test's back
        WebhookSettings settings =
                settings(3, 1, RetryPolicy.defaults()).withTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(5));
        WebhookDispatcher d = dispatcher(settings, (ns, ref) -> Optional.empty());
        SessionListener listener = d.create(monitor(hook(r.url("/hook"), null)));
        listener.onDefectOpened(freeze(0, Double.NaN));
        await().atMost(WAIT).until(() -> r.received().size() == 1); // the only sender is now held by the receiver
        for (int i = 1; i <= 6; i++) {
            listener.onDefectOpened(freeze(i, Double.NaN));
        }

        assertThat(metrics.dropped).hasValue(3);
        assertThat(d.dropped()).isEqualTo(3);
        assertThat(d.queued()).isEqualTo(3);
        r.release();
        await().atMost(WAIT).until(() -> metrics.delivered.get() == 4);
        assertThat(r.received())
                .extracting(req -> data(req.event()).at("/startSec").asInt())
                .containsExactly(0, 4, 5, 6);
    }

    @Test
    void anEndpointThatNeverAnswersTimesOutWithoutHanging() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeLater.add(silent);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(silent.accept()); // read nothing, answer nothing
                }
            } catch (IOException closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        int refusedPort;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            refusedPort = s.getLocalPort();
        }
        WebhookSettings settings = settings(100, 2, new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100)))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300));
        WebhookDispatcher d = dispatcher(settings, (ns, ref) -> Optional.empty());
        d.create(monitor(
                        hook(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/hook"), null),
                        hook(URI.create("http://127.0.0.1:" + refusedPort + "/hook"), null)))
                .onDefectOpened(freeze(1, Double.NaN));

        await().atMost(WAIT).until(() -> metrics.failed.get() == 2);
        assertThat(held).as("both attempts reached the silent endpoint").hasSizeGreaterThanOrEqualTo(2);
        assertTimeoutPreemptively(WAIT, () -> d.close(Duration.ofSeconds(1)));
        for (Socket s : held) {
            s.close();
        }
    }

    @Test
    void aMissingSecretFailsTheDeliveryWithoutSendingIt() throws Exception {
        WebhookReceiver r = receiver(WebhookReceiver.httpsAnswering(i -> 204));
        WebhookDispatcher d = dispatcher(settings(100, 1, RetryPolicy.defaults()), (ns, ref) -> Optional.empty());
        d.create(monitor(hook(r.url("/hook"), AUTH))).onDefectOpened(freeze(1, Double.NaN));
        await().atMost(WAIT).until(() -> metrics.failed.get() == 1);

        assertThat(r.received()).isEmpty();
    }

    @Test
    void aSecretWithoutConsentIsNeitherUsedNorSentAndTheLogNamesTheLabelOnly() throws Exception {
        WebhookReceiver r = receiver(WebhookReceiver.httpsAnswering(i -> 204));
        WebhookDispatcher d = dispatcher(settings(100, 1, RetryPolicy.defaults()), (ns, ref) -> {
            throw new SecretNotPermittedException(SecretConsent.refusal(ref.getName(), "webhook"));
        });
        try (LogCapture log = LogCapture.of(WebhookDispatcher.class)) {
            d.create(monitor(hook(r.url("/hook"), AUTH))).onDefectOpened(freeze(1, Double.NaN));
            await().atMost(WAIT).until(() -> metrics.failed.get() == 1);
            await().atMost(WAIT).until(() -> log.text().contains("vigil.dev/usage=webhook"));
        }
        assertThat(r.received()).isEmpty();
    }

    @Test
    void credentialsAreNeverSentOverPlainHttp() throws Exception {
        WebhookReceiver plain = receiver(WebhookReceiver.answering(i -> 204));
        AtomicInteger reads = new AtomicInteger();
        WebhookDispatcher d = dispatcher(settings(100, 1, RetryPolicy.defaults()), (ns, ref) -> {
            reads.incrementAndGet();
            return Optional.of("Bearer must-not-leave");
        });
        // the webhook with credentials over http is skipped; the one without credentials still gets the event
        d.create(monitor(hook(plain.url("/with-secret"), AUTH), hook(plain.url("/public"), null)))
                .onDefectOpened(freeze(1, Double.NaN));
        await().atMost(WAIT).until(() -> metrics.delivered.get() == 1);
        BackgroundCli.sleep(300);

        assertThat(plain.received()).hasSize(1);
        assertThat(plain.received().get(0).header("Authorization")).isNull();
        assertThat(reads).as("the Secret is not even read").hasValue(0);
        assertThat(metrics.failed.get()).isZero();
    }

    @Test
    void aMonitorWithoutWebhooksQueuesNothing() {
        WebhookDispatcher d = dispatcher(settings(100, 1, RetryPolicy.defaults()), (ns, ref) -> Optional.empty());
        StreamMonitor noHooks = monitor();
        noHooks.getSpec().setNotify(null);
        d.create(noHooks).onDefectOpened(freeze(1, Double.NaN));
        d.create(monitor()).onDefectOpened(freeze(1, Double.NaN));

        assertThat(d.queued()).isZero();
        assertThat(metrics.delivered.get() + metrics.failed.get() + metrics.dropped.get())
                .isZero();
    }
}
