package dev.vigil.worker.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.SecretUsage;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.NotifySpec;
import dev.vigil.api.v1alpha1.spec.SecretKeyRef;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.spec.WebhookSpec;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.StreamEvent;
import dev.vigil.worker.source.StreamFacts;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.LogCapture;
import dev.vigil.worker.testing.MutableClock;
import dev.vigil.worker.testing.TestTls;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Notifications against a real API server: Kubernetes Events, and the Secret behind a webhook's Authorization
 * header. Event flushes are driven by the test (the background flush interval is an hour), so the number of API
 * writes is exact, not a matter of timing.
 */
class NotifyApiServerTest {

    static final String WORKER = "general-7d9f-0";
    KubernetesClient client;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final AtomicInteger emitted = new AtomicInteger();
    final NotifyMetrics metrics = new NotifyMetrics() {
        @Override
        public void eventEmitted() {
            emitted.incrementAndGet();
        }
    };
    String ns;
    KubernetesEvents events;

    @BeforeEach
    void namespace(TestInfo test) {
        KubeApi api = KubeApi.require();
        client = api.client();
        ns = api.newNamespace(test.getTestMethod()
                .orElseThrow()
                .getName()
                .toLowerCase()
                .replaceAll("[^a-z0-9]", "")
                .substring(0, 20));
        events = new KubernetesEvents(client, WORKER, metrics, settings(25, 2.0), clock);
    }

    @AfterEach
    void closeEvents() {
        if (events != null) {
            events.close();
        }
    }

    static EventSettings settings(int burst, double perSecond) {
        return EventSettings.defaults().withFlushInterval(Duration.ofHours(1)).withRate(burst, perSecond);
    }

    StreamMonitor monitor(String name, Boolean eventsOn) {
        StreamMonitorSpec spec = new StreamMonitorSpec();
        SourceSpec source = new SourceSpec();
        source.setUrl("rtmp://ingest.example.com/live/sk-secret-key");
        spec.setSource(source);
        if (eventsOn != null) {
            NotifySpec notify = new NotifySpec();
            notify.setEvents(eventsOn);
            spec.setNotify(notify);
        }
        return client.resource(new StreamMonitor(ns, name, spec)).create();
    }

    static Defect freeze(double start, double end) {
        return new Defect(
                DetectorName.of(DefectType.FREEZE), start, end, Severity.MAJOR, Map.of("frozenSec", 2.5), false);
    }

    List<Event> eventsAbout(String monitor) {
        return client.events().v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> monitor.equals(e.getRegarding().getName()))
                .toList();
    }

    Event only(String monitor, String reason) {
        List<Event> found = eventsAbout(monitor).stream()
                .filter(e -> reason.equals(e.getReason()))
                .toList();
        assertThat(found).as("%s Events about %s", reason, monitor).hasSize(1);
        return found.get(0);
    }

    static int count(Event e) {
        return e.getSeries() == null ? 1 : e.getSeries().getCount();
    }

    @Test
    void repeatsOfOneReasonUpdateOneEventsSeries() {
        StreamMonitor monitor = monitor("sports", null);
        SessionListener listener = events.create(monitor);
        for (int i = 0; i < 40; i++) {
            listener.onDefectOpened(freeze(i * 10, Double.NaN));
            clock.advance(Duration.ofSeconds(5));
            listener.onDefectClosed(freeze(i * 10, i * 10 + 5));
        }
        events.flush();

        Event opened = only("sports", "DefectOpened");
        assertThat(count(opened)).isEqualTo(40);
        assertThat(opened.getType()).isEqualTo("Warning");
        assertThat(opened.getNote()).isEqualTo("freeze defect opened (severity major)");
        assertThat(opened.getAction()).isEqualTo("Analyze");
        assertThat(opened.getReportingController()).isEqualTo("vigil.dev/worker");
        assertThat(opened.getReportingInstance()).isEqualTo(WORKER);
        assertThat(opened.getRegarding().getKind()).isEqualTo("StreamMonitor");
        assertThat(opened.getRegarding().getApiVersion()).isEqualTo("vigil.dev/v1alpha1");
        assertThat(opened.getRegarding().getUid())
                .isEqualTo(monitor.getMetadata().getUid());
        assertThat(opened.getEventTime().getTime()).startsWith("2026-03-01T10:00:00");
        Event closed = only("sports", "DefectClosed");
        assertThat(count(closed)).isEqualTo(40);
        assertThat(closed.getType()).isEqualTo("Normal");
        assertThat(emitted)
                .as("one create per series, not one write per occurrence")
                .hasValue(2);

        for (int i = 0; i < 5; i++) {
            listener.onDefectOpened(freeze(1000 + i, Double.NaN));
        }
        events.flush();
        Event updated = only("sports", "DefectOpened");
        assertThat(updated.getMetadata().getName())
                .isEqualTo(opened.getMetadata().getName());
        assertThat(count(updated)).isEqualTo(45);
        assertThat(updated.getSeries().getLastObservedTime().getTime()).startsWith("2026-03-01T10:03:20");
        assertThat(emitted).as("one series update").hasValue(3);

        events.flush();
        assertThat(emitted).as("nothing new, nothing written").hasValue(3);
    }

    @Test
    void streamDownAndRecoveryAreAnnouncedOnceWithoutSecrets() {
        monitor("ingest", null);
        SessionListener listener = events.create(client.resources(StreamMonitor.class)
                .inNamespace(ns)
                .withName("ingest")
                .get());
        StreamFacts facts = new StreamFacts("flv", "h264", 1280, 720, 25, "yuv420p", "aac", 48000, 2, "stereo", 0, 0);
        listener.onStreamUp(facts);
        String reason = "Connection refused: rtmp://publisher:hunter2@ingest.example.com/live/sk-secret-key";
        listener.onStreamEvent(new StreamEvent(3, "streamDown", reason, Map.of()));
        listener.onStreamEvent(new StreamEvent(4, "streamDown", reason, Map.of()));
        listener.onStreamUp(facts);
        listener.onStreamUp(facts.withBitrate(2_000_000));
        events.flush();

        Event down = only("ingest", "StreamDown");
        assertThat(down.getType()).isEqualTo("Warning");
        assertThat(down.getNote())
                .startsWith("Connection refused")
                .doesNotContain("hunter2", "sk-secret-key", "ingest.example.com");
        assertThat(count(down)).isEqualTo(1);
        Event up = only("ingest", "StreamUp");
        assertThat(up.getNote()).isEqualTo("stream up: h264 1280x720, aac");
        assertThat(count(up)).as("a bitrate refresh is not a recovery").isEqualTo(1);
        assertThat(eventsAbout("ingest")).hasSize(2);
    }

    @Test
    void monitorWithEventsOffGetsNone() {
        events.create(monitor("quiet", false)).onDefectOpened(freeze(1, Double.NaN));
        events.create(monitor("loud", true)).onDefectOpened(freeze(1, Double.NaN));
        events.flush();

        assertThat(eventsAbout("loud")).hasSize(1);
        assertThat(eventsAbout("quiet")).isEmpty();
    }

    @Test
    void writesBeyondTheRateLimitWaitForALaterFlush() {
        events.close();
        events = new KubernetesEvents(client, WORKER, metrics, settings(2, 1.0 / 3600), clock);
        for (String name : List.of("a1", "a2", "a3", "a4")) {
            events.create(monitor(name, null)).onDefectOpened(freeze(1, Double.NaN));
        }
        events.flush();
        events.flush();

        assertThat(client.events().v1().events().inNamespace(ns).list().getItems())
                .hasSize(2);
        assertThat(emitted).hasValue(2);
    }

    @Test
    void aRepeatAfterAQuietWindowStartsANewEvent() {
        SessionListener listener = events.create(monitor("night", null));
        listener.onDefectOpened(freeze(1, Double.NaN));
        events.flush();
        clock.advance(EventSettings.defaults().window().plusMinutes(1));
        listener.onDefectOpened(freeze(700, Double.NaN));
        events.flush();

        List<Event> opened = eventsAbout("night");
        assertThat(opened).hasSize(2).allSatisfy(e -> assertThat(count(e)).isEqualTo(1));
    }

    @Test
    void anEventDeletedByTheApiServerIsWrittenAgain() {
        SessionListener listener = events.create(monitor("ttl", null));
        listener.onDefectOpened(freeze(1, Double.NaN));
        events.flush();
        Event first = only("ttl", "DefectOpened");
        client.resource(first).delete();
        listener.onDefectOpened(freeze(20, Double.NaN));
        events.flush(); // the series update finds the Event gone
        events.flush(); // and writes the series as a new Event

        Event again = only("ttl", "DefectOpened");
        assertThat(again.getMetadata().getName())
                .isNotEqualTo(first.getMetadata().getName());
        assertThat(count(again)).isEqualTo(2);
    }

    @Test
    void webhookAuthorizationComesFromTheMonitorsSecret() throws Exception {
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("hook-auth")
                        .withNamespace(ns)
                        .addToLabels(SecretUsage.LABEL, SecretUsage.WEBHOOK)
                        .endMetadata()
                        .withStringData(Map.of("authorization", "Bearer from-the-cluster"))
                        .build())
                .create();
        // no consent: a Secret of the namespace that is not meant for Vigil
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("db-password")
                        .withNamespace(ns)
                        .endMetadata()
                        .withStringData(Map.of("authorization", "Bearer not-for-vigil"))
                        .build())
                .create();
        CountingMetrics counting = new CountingMetrics();
        try (WebhookReceiver receiver = WebhookReceiver.httpsAnswering(i -> 204);
                WebhookDispatcher webhooks = new WebhookDispatcher(
                        WORKER,
                        new KubernetesSecretResolver(client),
                        counting,
                        WebhookSettings.defaults().withTls(TestTls.client()),
                        java.time.Clock.systemUTC());
                LogCapture log = LogCapture.everything()) {
            WebhookSpec hook = new WebhookSpec(receiver.url("/hook").toString());
            hook.setSecretRef(new SecretKeyRef("hook-auth", "authorization"));
            WebhookSpec missing = new WebhookSpec(receiver.url("/missing").toString());
            missing.setSecretRef(new SecretKeyRef("hook-auth", "no-such-key"));
            WebhookSpec stolen = new WebhookSpec(receiver.url("/stolen").toString());
            stolen.setSecretRef(new SecretKeyRef("db-password", "authorization"));
            StreamMonitor monitor = monitor("hooked", null);
            monitor.getSpec().setNotify(new NotifySpec());
            monitor.getSpec().getNotify().setWebhooks(List.of(hook, missing, stolen));

            webhooks.create(monitor).onDefectOpened(freeze(1, Double.NaN));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> counting.delivered.get() == 1 && counting.failed.get() == 2);

            assertThat(log.text())
                    .contains("db-password")
                    .contains(SecretUsage.LABEL + "=" + SecretUsage.WEBHOOK)
                    .doesNotContain("not-for-vigil")
                    .doesNotContain("from-the-cluster");
            assertThat(receiver.received()).singleElement().satisfies(r -> {
                assertThat(r.header("Authorization")).isEqualTo("Bearer from-the-cluster");
                assertThat(r.event().getSource().toString())
                        .isEqualTo("/apis/vigil.dev/v1alpha1/namespaces/" + ns + "/streammonitors/hooked");
            });
        }
    }
}
