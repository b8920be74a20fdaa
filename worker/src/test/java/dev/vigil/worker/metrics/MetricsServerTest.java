package dev.vigil.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.sync.AvSyncMeasurement;
import dev.vigil.worker.detect.sync.SyncTolerance;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.SessionResult;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's HTTP endpoints, scraped over real HTTP on loopback. */
class MetricsServerTest {

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final AtomicBoolean leaseHeld = new AtomicBoolean();
    final AtomicBoolean informerSynced = new AtomicBoolean();
    PrometheusMeterRegistry registry;
    MetricsServer server;

    @BeforeEach
    void start() throws IOException {
        registry = MeterRegistries.prometheus();
        ProbeChecks readiness =
                new ProbeChecks().require("lease held", leaseHeld::get).require("informer synced", informerSynced::get);
        server = MetricsServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry, ProbeResult::pass, readiness);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    PrometheusText scrape() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusText.parse(response.body());
    }

    static Defect defect(DefectType type, double start, double end) {
        return new Defect(DetectorName.of(type), start, end, Severity.MAJOR, Map.of(), false);
    }

    @Test
    void defectMetricsCountPerTypeAndReturnToZeroWhenTheSessionEnds() throws Exception {
        DefectMetrics defects = new DefectMetrics(registry);
        SessionListener sports = defects.create(new StreamMonitor());
        SessionListener news = defects.create(new StreamMonitor());
        sports.onDefectOpened(defect(DefectType.FREEZE, 1, Double.NaN));
        sports.onDefectClosed(defect(DefectType.FREEZE, 1, 4));
        sports.onDefectOpened(defect(DefectType.FREEZE, 9, Double.NaN));
        news.onDefectOpened(defect(DefectType.SILENCE, 2, Double.NaN));
        news.onDefectOpened(defect(DefectType.FREEZE, 3, Double.NaN));

        PrometheusText during = scrape();
        assertThat(during.types())
                .containsEntry("vigil_defects_opened_total", "counter")
                .containsEntry("vigil_defects_active", "gauge");
        assertThat(during.value("vigil_defects_opened_total", "type", "freeze")).isEqualTo(3);
        assertThat(during.value("vigil_defects_opened_total", "type", "silence"))
                .isEqualTo(1);
        assertThat(during.value("vigil_defects_opened_total", "type", "black")).isZero();
        assertThat(during.value("vigil_defects_active", "type", "freeze")).isEqualTo(2);
        assertThat(during.value("vigil_defects_active", "type", "silence")).isEqualTo(1);
        assertThat(during.named("vigil_defects_opened_total"))
                .extracting(s -> s.labels().keySet())
                .as("no per-monitor labels")
                .containsOnly(Set.of("type"));
        assertThat(during.named("vigil_defects_active").stream()
                        .map(s -> s.labels().get("type"))
                        .collect(Collectors.toSet()))
                .isEqualTo(Set.copyOf(DefectTypeTag.values()));

        sports.onDefectEscalated(defect(DefectType.FREEZE, 9, Double.NaN));
        PrometheusText escalated = scrape();
        assertThat(escalated.value("vigil_defects_escalated_total", "type", "freeze"))
                .isEqualTo(1);
        assertThat(escalated.value("vigil_defects_opened_total", "type", "freeze"))
                .as("not a new defect")
                .isEqualTo(3);
        assertThat(escalated.value("vigil_defects_active", "type", "freeze")).isEqualTo(2);

        news.onFinished(new SessionResult(10, 250, 470, null, 0.5));
        PrometheusText after = scrape();
        assertThat(after.value("vigil_defects_active", "type", "freeze")).isEqualTo(1);
        assertThat(after.value("vigil_defects_active", "type", "silence")).isZero();
        assertThat(after.value("vigil_defects_opened_total", "type", "freeze"))
                .as("counters never go back")
                .isEqualTo(3);
    }

    static AvSyncMeasurement sync(AvSyncMeasurement.State state, double offsetMs) {
        return new AvSyncMeasurement(
                10,
                state,
                offsetMs,
                Double.isNaN(offsetMs) ? 0 : 0.9,
                Double.isNaN(offsetMs) ? null : AvSyncMeasurement.Method.CONTENT,
                Double.NaN,
                Double.isNaN(offsetMs) ? "too few visual events" : null,
                SyncTolerance.BT1359_ACCEPTABLE);
    }

    @Test
    void avSyncGaugesAggregateTheWorkersStreamsWithoutPerMonitorLabels() throws Exception {
        AvSyncMetrics metrics = new AvSyncMetrics(registry);
        PrometheusText before = scrape();
        assertThat(before.value("vigil_av_sync_offset_ms", "bound", "max"))
                .as("no stream measured yet")
                .isNaN();
        assertThat(before.value("vigil_av_sync_streams", "state", "unknown")).isZero();

        SessionListener late = metrics.create(new StreamMonitor());
        SessionListener early = metrics.create(new StreamMonitor());
        SessionListener blind = metrics.create(new StreamMonitor());
        late.onObservation(sync(AvSyncMeasurement.State.IN_TOLERANCE, 40));
        late.onObservation(sync(AvSyncMeasurement.State.OUT_OF_TOLERANCE, 240)); // the latest counts
        early.onObservation(sync(AvSyncMeasurement.State.OUT_OF_TOLERANCE, -120));
        blind.onObservation(sync(AvSyncMeasurement.State.UNKNOWN, Double.NaN));

        PrometheusText during = scrape();
        assertThat(during.types()).containsEntry("vigil_av_sync_offset_ms", "gauge");
        assertThat(during.value("vigil_av_sync_offset_ms", "bound", "max")).isEqualTo(240);
        assertThat(during.value("vigil_av_sync_offset_ms", "bound", "min")).isEqualTo(-120);
        assertThat(during.value("vigil_av_sync_streams", "state", "out_of_tolerance"))
                .isEqualTo(2);
        assertThat(during.value("vigil_av_sync_streams", "state", "in_tolerance"))
                .isZero();
        assertThat(during.value("vigil_av_sync_streams", "state", "unknown")).isEqualTo(1);
        assertThat(during.named("vigil_av_sync_offset_ms"))
                .extracting(s -> s.labels().keySet())
                .as("no per-monitor labels")
                .containsOnly(Set.of("bound"));

        late.onFinished(new SessionResult(10, 250, 470, null, 0.5));
        PrometheusText after = scrape();
        assertThat(after.value("vigil_av_sync_offset_ms", "bound", "max"))
                .as("a stopped stream drops out")
                .isEqualTo(-120);
        assertThat(after.value("vigil_av_sync_streams", "state", "out_of_tolerance"))
                .isEqualTo(1);
    }

    @Test
    void notificationCountersAreScraped() throws Exception {
        NotifyMeters notify = new NotifyMeters(registry);
        for (int i = 0; i < 3; i++) {
            notify.webhookDelivered(true);
        }
        notify.webhookDelivered(false);
        notify.webhookDropped();
        notify.webhookDropped();
        for (int i = 0; i < 5; i++) {
            notify.eventEmitted();
        }

        PrometheusText text = scrape();
        assertThat(text.value("vigil_webhook_deliveries_total", "result", "ok")).isEqualTo(3);
        assertThat(text.value("vigil_webhook_deliveries_total", "result", "failed"))
                .isEqualTo(1);
        assertThat(text.value("vigil_webhook_dropped_total")).isEqualTo(2);
        assertThat(text.value("vigil_events_emitted_total")).isEqualTo(5);
        assertThat(text.named("jvm_memory_used_bytes"))
                .as("JVM basics are bound too")
                .isNotEmpty();
    }

    @Test
    void readinessFollowsItsChecksAndSaysWhatItWaitsFor() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> notReady = get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("waiting for: lease held, informer synced\n");

        leaseHeld.set(true);
        assertThat(get("/readyz").body()).isEqualTo("waiting for: informer synced\n");
        informerSynced.set(true);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ok\n");

        leaseHeld.set(false);
        assertThat(get("/readyz").statusCode())
                .as("losing the lease makes the worker unready again")
                .isEqualTo(503);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void onlyTheThreePathsAndOnlyReadsAreServed() throws Exception {
        assertThat(get("/metricsfoo").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void modelDetectorsShareOneBoundedLabel() {
        assertThat(DefectTypeTag.of("model:logo-detector")).isEqualTo("model");
        assertThat(DefectTypeTag.of("model:another")).isEqualTo("model");
        assertThat(DefectTypeTag.of("freeze")).isEqualTo("freeze");
        assertThat(DefectTypeTag.of("not-a-detector")).isEqualTo("other");
        assertThat(DefectTypeTag.values()).contains("model", "other", "av_sync").doesNotContain("model:logo-detector");
    }
}
