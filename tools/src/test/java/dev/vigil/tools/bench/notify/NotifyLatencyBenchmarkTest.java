package dev.vigil.tools.bench.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.testing.KubeApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Keeps the notification latency benchmark working: its scenarios with tiny counts, asserting what it reports
 * (every notification arrived exactly once, one row per scenario), never its timings.
 */
class NotifyLatencyBenchmarkTest {

    @Test
    void webhookScenariosDeliverEveryEventExactlyOnceAndReportARowEach() throws Exception {
        LatencyReport report = new LatencyReport();
        int unmatched = WebhookLatency.run(
                new WebhookLatency.Counts(5, Duration.ofMillis(5), 12, 20, 3, 5, Duration.ofSeconds(60)), report);

        assertThat(unmatched).isZero();
        assertThat(report.rows())
                .extracting(LatencyReport.Row::scenario)
                .containsExactly(
                        "Webhook, idle: 5 events 5 ms apart",
                        "Webhook, burst: 12 monitors at once",
                        "Webhook, burst to a receiver answering after 20 ms",
                        "Webhook, first attempt answered 503: 3 events 5 ms apart");
        assertThat(report.rows()).allSatisfy(row -> {
            assertArrivedOnce(row.vigil());
            assertArrivedOnce(row.baseline());
        });
        assertThat(report.rows().get(3).note()).contains("Attempts per event: 2.00");
        assertThat(report.complete()).isTrue();
        assertThat(report.markdown().lines().filter(l -> l.startsWith("| Webhook")))
                .hasSize(4);
    }

    @Test
    void eventScenariosSeeEveryEventOnceThroughTheWatch() throws Exception {
        KubeApi api = KubeApi.require();
        LatencyReport report = new LatencyReport();
        EventLatency.run(
                api.client(),
                api.newNamespace("notify-bench"),
                new EventLatency.Counts(2, 4, Duration.ofSeconds(60)),
                report);

        assertThat(report.rows())
                .extracting(LatencyReport.Row::scenario)
                .containsExactly(
                        "Kubernetes Event, idle: 2 events 400–700 ms apart",
                        "Kubernetes Event, burst: 4 monitors at once");
        assertThat(report.rows()).allSatisfy(row -> {
            assertArrivedOnce(row.vigil());
            assertArrivedOnce(row.baseline());
        });
        assertThat(report.markdown().lines().filter(l -> l.startsWith("| Kubernetes Event")))
                .hasSize(2);
    }

    private static void assertArrivedOnce(Latencies l) {
        assertThat(l.expected()).isPositive();
        assertThat(l.arrived()).isEqualTo(l.expected());
        assertThat(l.duplicates()).isZero();
        assertThat(java.util.Arrays.stream(l.millis()).min().orElseThrow()).isNotNegative();
    }
}
