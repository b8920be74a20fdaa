package dev.vigil.tools.bench.notify;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.VigilApi;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.worker.notify.EventSettings;
import dev.vigil.worker.notify.KubernetesEvents;
import dev.vigil.worker.notify.NotificationKind;
import dev.vigil.worker.notify.NotifyMetrics;
import dev.vigil.worker.session.SessionListener;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes Event latency on a real API server: from the session callback ({@code onDefectOpened} of a listener
 * made by {@link KubernetesEvents#create}, production settings) to the Event arriving through a watch on
 * {@code events.k8s.io/v1} Events in the namespace. Baseline: the same client creating a bare Event of the same
 * shape, observed by the same watch. Events are matched by the monitor they are about, one Event per monitor.
 */
final class EventLatency {

    /**
     * @param idle  single events, 400–700 ms apart (random, so they fall on every phase of the 1 s flush)
     * @param burst monitors each opening a defect at the same moment
     */
    record Counts(int idle, int burst, Duration timeout) {

        static Counts of(Map<String, String> opts) {
            return new Counts(
                    Integer.parseInt(opts.getOrDefault("events", "30")),
                    Integer.parseInt(opts.getOrDefault("eventBurst", "100")),
                    Duration.ofSeconds(Long.parseLong(opts.getOrDefault("timeout", "120"))));
        }
    }

    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final String namespace;
    private final Counts counts;
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();
    private final Random random = new Random(42);

    private EventLatency(KubernetesClient client, String namespace, Counts counts) {
        this.client = client;
        this.namespace = namespace;
        this.counts = counts;
    }

    /** Runs both Event scenarios in {@code namespace} (which must be empty of Events) and adds their rows. */
    static void run(KubernetesClient client, String namespace, Counts counts, LatencyReport report) throws Exception {
        EventLatency bench = new EventLatency(client, namespace, counts);
        try (Watch watch = bench.watch()) {
            EventSettings settings = EventSettings.defaults();
            String idle =
                    String.format(Locale.ROOT, "Kubernetes Event, idle: %d events 400–700 ms apart", counts.idle());
            WebhookLatency.log(idle);
            Latencies vigilIdle = bench.throughVigil("idle", counts.idle(), true);
            Latencies bareIdle = bench.bareOneByOne("idle-bare", counts.idle());
            WebhookLatency.log("  vigil    " + vigilIdle);
            WebhookLatency.log("  baseline " + bareIdle);
            report.add(new LatencyReport.Row(
                    idle,
                    vigilIdle,
                    bareIdle,
                    true,
                    String.format(
                            Locale.ROOT,
                            "Events are written by one thread every %d ms (flush interval), so an occurrence first waits "
                                    + "for the next flush: 0–%d ms, half on average. Baseline: the same client creating a "
                                    + "bare Event at once, 100 ms apart.",
                            settings.flushInterval().toMillis(),
                            settings.flushInterval().toMillis())));

            String burst = String.format(Locale.ROOT, "Kubernetes Event, burst: %d monitors at once", counts.burst());
            WebhookLatency.log(burst);
            Latencies vigilBurst = bench.throughVigil("burst", counts.burst(), false);
            Latencies bareBurst = bench.bareInARow("burst-bare", counts.burst());
            WebhookLatency.log("  vigil    " + vigilBurst);
            WebhookLatency.log("  baseline " + bareBurst);
            double bound = Math.max(0, counts.burst() - settings.burst()) / settings.perSecond();
            report.add(new LatencyReport.Row(
                    burst,
                    vigilBurst,
                    bareBurst,
                    false,
                    String.format(
                            Locale.ROOT,
                            "the worker's Event budget (token bucket: burst %d, then %.0f writes/s) lets the first %d Events "
                                    + "out on the first flush and then %.0f per second, so the last one waits about (%d − %d) / "
                                    + "%.0f = %.1f s after the first flush: the tail is the rate limit, on purpose (a storm over "
                                    + "many monitors costs the API server at most %.0f Event writes/s per worker). Baseline: "
                                    + "the same number of creates in a row from one thread, no budget; no ratio.",
                            settings.burst(),
                            settings.perSecond(),
                            Math.min(settings.burst(), counts.burst()),
                            settings.perSecond(),
                            counts.burst(),
                            settings.burst(),
                            settings.perSecond(),
                            bound,
                            settings.perSecond())));
        }
    }

    private Watch watch() {
        return client.events().v1().events().inNamespace(namespace).watch(new Watcher<Event>() {
            @Override
            public void eventReceived(Action action, Event e) {
                long at = System.nanoTime();
                if (action == Action.ADDED && e.getRegarding() != null) {
                    firstSeen.putIfAbsent(e.getRegarding().getName(), at);
                    seen.merge(e.getRegarding().getName(), 1, Integer::sum);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                WebhookLatency.log("Event watch closed: " + cause);
            }
        });
    }

    /** A fresh KubernetesEvents (a worker with its full budget) receiving {@code n} callbacks. */
    private Latencies throughVigil(String prefix, int n, boolean spaced) throws InterruptedException {
        Map<String, Long> starts = new ConcurrentHashMap<>();
        try (KubernetesEvents events = new KubernetesEvents(client, WebhookLatency.WORKER, NotifyMetrics.NONE)) {
            List<SessionListener> listeners = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                listeners.add(events.create(monitor(prefix + "-vigil-" + i)));
            }
            for (int i = 0; i < n; i++) {
                var defect = WebhookLatency.defect(i);
                long t0 = System.nanoTime();
                listeners.get(i).onDefectOpened(defect);
                starts.put(prefix + "-vigil-" + i, t0);
                if (spaced) {
                    Thread.sleep(400 + random.nextInt(301));
                }
            }
            return await(starts);
        }
    }

    /** The idle baseline: one create at a time, each timed from just before its request. */
    private Latencies bareOneByOne(String prefix, int n) throws InterruptedException {
        Map<String, Long> starts = new ConcurrentHashMap<>();
        for (int i = 0; i < n; i++) {
            Event event = bareEvent(prefix + "-" + i);
            long t0 = System.nanoTime();
            client.events().v1().events().inNamespace(namespace).resource(event).create();
            starts.put(prefix + "-" + i, t0);
            Thread.sleep(100);
        }
        return await(starts);
    }

    /** The burst baseline: all due at one instant, created one after another by one thread (as the flush does). */
    private Latencies bareInARow(String prefix, int n) throws InterruptedException {
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(bareEvent(prefix + "-" + i));
        }
        Map<String, Long> starts = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        for (Event e : events) {
            starts.put(e.getRegarding().getName(), t0);
            client.events().v1().events().inNamespace(namespace).resource(e).create();
        }
        return await(starts);
    }

    private Latencies await(Map<String, Long> starts) throws InterruptedException {
        long deadline = System.nanoTime() + counts.timeout().toNanos();
        while (!firstSeen.keySet().containsAll(starts.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        return Latencies.of(starts, firstSeen, seen);
    }

    /** What KubernetesEvents creates for a first defect of a monitor, written directly. */
    private Event bareEvent(String monitor) {
        Instant now = Instant.now();
        NotificationKind kind = NotificationKind.DEFECT_OPENED;
        return new EventBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(monitor + "." + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano()))
                .endMetadata()
                .withEventTime(new MicroTime(MICRO_TIME.format(now)))
                .withReportingController(KubernetesEvents.REPORTING_CONTROLLER)
                .withReportingInstance(WebhookLatency.WORKER)
                .withAction(kind.eventAction())
                .withReason(kind.eventReason())
                .withType(kind.eventType())
                .withNote("freeze defect opened (severity major)")
                .withRegarding(new ObjectReferenceBuilder()
                        .withApiVersion(VigilApi.API_VERSION)
                        .withKind(StreamMonitor.KIND)
                        .withNamespace(namespace)
                        .withName(monitor)
                        .withUid(monitor + "-uid")
                        .build())
                .build();
    }

    private StreamMonitor monitor(String name) {
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(new SourceSpec("srt://encoder-" + name + ":9000"));
        StreamMonitor m = new StreamMonitor(namespace, name, spec);
        m.getMetadata().setUid(name + "-uid");
        return m;
    }
}
