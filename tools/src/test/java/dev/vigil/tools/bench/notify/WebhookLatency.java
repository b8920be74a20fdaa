package dev.vigil.tools.bench.notify;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.NotifySpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.spec.WebhookSpec;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.notify.CloudEventMapper;
import dev.vigil.worker.notify.MonitorRef;
import dev.vigil.worker.notify.Notification;
import dev.vigil.worker.notify.NotificationKind;
import dev.vigil.worker.notify.NotifyMetrics;
import dev.vigil.worker.notify.RetryPolicy;
import dev.vigil.worker.notify.WebhookDispatcher;
import dev.vigil.worker.notify.WebhookSettings;
import dev.vigil.worker.session.SessionListener;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Webhook latency: from the session callback ({@code onDefectOpened} of a listener made by
 * {@link WebhookDispatcher#create}) to the {@link LatencyReceiver} having the request, with the dispatcher's
 * production settings (queue 1000, 4 senders, default retry policy). Each scenario runs twice on the same receiver:
 * through Vigil, and as the same CloudEvent bodies POSTed by the {@link BarePoster} baseline.
 */
final class WebhookLatency {

    /**
     * Sizes of the scenarios.
     *
     * @param idle       single events, one after another {@code idleSpacing} apart
     * @param burst      monitors each opening a defect at the same moment
     * @param slowMillis how long the slow receiver takes to answer (the burst is sent to it again)
     * @param flaky      events whose first attempt is answered 503, {@code idleSpacing} apart
     * @param warmup     events sent each way before measuring, not reported
     */
    record Counts(int idle, Duration idleSpacing, int burst, long slowMillis, int flaky, int warmup, Duration timeout) {

        static Counts of(Map<String, String> opts) {
            return new Counts(
                    Integer.parseInt(opts.getOrDefault("idle", "300")),
                    Duration.ofMillis(Long.parseLong(opts.getOrDefault("idleSpacingMs", "10"))),
                    Integer.parseInt(opts.getOrDefault("burst", "500")),
                    Long.parseLong(opts.getOrDefault("slowMs", "50")),
                    Integer.parseInt(opts.getOrDefault("flaky", "100")),
                    Integer.parseInt(opts.getOrDefault("warmup", "200")),
                    Duration.ofSeconds(Long.parseLong(opts.getOrDefault("timeout", "120"))));
        }
    }

    static final String NS = "bench";
    static final String WORKER = "bench-worker-0";

    private final Counts counts;
    private final LatencyReceiver receiver;
    private final WebhookDispatcher dispatcher;
    private final BarePoster bare;
    private final JsonFormat json = new JsonFormat();
    /** How long each session callback of the last Vigil run took to return, in ms, sorted. */
    private double[] callbackMillis = new double[0];

    private WebhookLatency(Counts counts, LatencyReceiver receiver, WebhookDispatcher dispatcher, BarePoster bare) {
        this.counts = counts;
        this.receiver = receiver;
        this.dispatcher = dispatcher;
        this.bare = bare;
    }

    /** Runs every webhook scenario and adds its rows to {@code report}; returns requests the receiver could not match. */
    static int run(Counts counts, LatencyReport report) throws Exception {
        WebhookSettings settings = WebhookSettings.defaults();
        try (LatencyReceiver receiver = new LatencyReceiver(counts.slowMillis());
                WebhookDispatcher dispatcher =
                        new WebhookDispatcher(WORKER, (ns, ref) -> Optional.empty(), NotifyMetrics.NONE);
                BarePoster bare = new BarePoster(settings.senders())) {
            WebhookLatency bench = new WebhookLatency(counts, receiver, dispatcher, bare);
            bench.scenario("warmup", "warmup", "ok", counts.warmup(), 1, Duration.ofMillis(1));
            report.add(bench.scenario(
                            "idle",
                            String.format(
                                    Locale.ROOT,
                                    "Webhook, idle: %d events %d ms apart",
                                    counts.idle(),
                                    counts.idleSpacing().toMillis()),
                            "ok",
                            counts.idle(),
                            1,
                            counts.idleSpacing())
                    .withNote("one monitor, one defect opened at a time. Baseline: the same CloudEvent bodies POSTed"
                            + " by a bare java.net.http.HttpClient from 4 threads."));
            report.add(bench.scenario(
                            "burst",
                            String.format(Locale.ROOT, "Webhook, burst: %d monitors at once", counts.burst()),
                            "ok",
                            counts.burst(),
                            counts.burst(),
                            Duration.ZERO)
                    .withNote("every monitor opens a defect in one loop of callbacks; queue capacity "
                            + settings.queueCapacity() + ", " + settings.senders() + " senders. Baseline: the same "
                            + "bodies queued at once for 4 bare HttpClient threads. " + bench.callbacks()));
            double floor = Math.ceil((double) counts.burst() / settings.senders()) * counts.slowMillis() / 1000.0;
            report.add(bench.scenario(
                            "slow",
                            String.format(
                                    Locale.ROOT,
                                    "Webhook, burst to a receiver answering after %d ms",
                                    counts.slowMillis()),
                            "slow",
                            counts.burst(),
                            counts.burst(),
                            Duration.ZERO)
                    .withNote(String.format(
                            Locale.ROOT,
                            "%d senders each wait %d ms per answer, so the last delivery "
                                    + "cannot arrive before about %.2f s; the baseline's 4 threads wait the same way.",
                            settings.senders(),
                            counts.slowMillis(),
                            floor)));
            RetryPolicy retry = settings.retry();
            LatencyReport.Row flaky = bench.scenario(
                    "flaky",
                    String.format(
                            Locale.ROOT,
                            "Webhook, first attempt answered 503: %d events %d ms apart",
                            counts.flaky(),
                            counts.idleSpacing().toMillis()),
                    "flaky",
                    counts.flaky(),
                    1,
                    counts.idleSpacing());
            report.add(new LatencyReport.Row(
                    flaky.scenario(),
                    flaky.vigil(),
                    flaky.baseline(),
                    false,
                    String.format(
                            Locale.ROOT,
                            "latency includes the 503 and one retry after the default backoff "
                                    + "(%d–%d ms: half of the %d ms first step plus a random half). Attempts per event: %.2f "
                                    + "(2 expected). Baseline: POSTed again at once after the 503; no ratio, the wait is "
                                    + "the policy.",
                            retry.initialBackoff().toMillis() / 2,
                            retry.initialBackoff().toMillis(),
                            retry.initialBackoff().toMillis(),
                            bench.attemptsPerEvent("flaky-vigil"))));
            if (dispatcher.dropped() > 0) {
                System.out.println("[bench] webhook deliveries dropped from a full queue: " + dispatcher.dropped());
            }
            return receiver.unmatched();
        }
    }

    /** One scenario, through Vigil then through the baseline; {@code id} names its runs at the receiver. */
    private LatencyReport.Row scenario(String id, String title, String behaviour, int n, int monitors, Duration spacing)
            throws InterruptedException {
        log(title);
        Latencies vigil = throughVigil(id + "-vigil", behaviour, n, monitors, spacing);
        Latencies baseline = throughBare(id + "-bare", behaviour, n, monitors, spacing);
        log("  vigil    " + vigil);
        log("  baseline " + baseline);
        return new LatencyReport.Row(title, vigil, baseline, true, "");
    }

    private Latencies throughVigil(String run, String behaviour, int n, int monitors, Duration spacing)
            throws InterruptedException {
        URI url = receiver.url(behaviour, run);
        List<SessionListener> listeners = new ArrayList<>(monitors);
        for (int m = 0; m < monitors; m++) {
            listeners.add(dispatcher.create(monitor(run + "-" + m, url)));
        }
        Map<Long, Long> starts = new ConcurrentHashMap<>();
        double[] callbacks = new double[n];
        long begin = System.nanoTime();
        for (int i = 0; i < n; i++) {
            pace(begin, i, spacing);
            Defect defect = defect(i);
            long t0 = System.nanoTime();
            listeners.get(i % monitors).onDefectOpened(defect);
            callbacks[i] = (System.nanoTime() - t0) / 1e6;
            starts.put((long) i, t0);
        }
        Arrays.sort(callbacks);
        callbackMillis = callbacks;
        return await(run, starts);
    }

    private Latencies throughBare(String run, String behaviour, int n, int monitors, Duration spacing)
            throws InterruptedException {
        URI url = receiver.url(behaviour, run);
        List<byte[]> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            MonitorRef ref = new MonitorRef(NS, run + "-" + (i % monitors), uid(i % monitors));
            bodies.add(json.serialize(CloudEventMapper.toCloudEvent(
                    new Notification(NotificationKind.DEFECT_OPENED, ref, WORKER, Instant.now(), defect(i), null))));
        }
        Map<Long, Long> starts = new ConcurrentHashMap<>();
        long begin = System.nanoTime();
        for (int i = 0; i < n; i++) {
            pace(begin, i, spacing);
            long t0 = System.nanoTime();
            bare.submit(url, bodies.get(i));
            starts.put((long) i, t0);
        }
        return await(run, starts);
    }

    /** Waits until every event was accepted (or the timeout), plus a moment for late duplicates. */
    private Latencies await(String run, Map<Long, Long> starts) throws InterruptedException {
        LatencyReceiver.Run arrived = receiver.run(run);
        long deadline = System.nanoTime() + counts.timeout().toNanos();
        while (arrived.acceptedCount() < starts.size() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        return Latencies.of(starts, arrived.firstAccepted, arrived.accepted);
    }

    /** What the session threads paid in the last Vigil run: the callback maps the CloudEvent and queues it. */
    private String callbacks() {
        double[] ms = callbackMillis;
        return ms.length == 0
                ? ""
                : String.format(
                        Locale.ROOT,
                        "Session callbacks returned in %s (p50), %s (max).",
                        LatencyReport.ms(ms[(ms.length - 1) / 2]),
                        LatencyReport.ms(ms[ms.length - 1]));
    }

    private double attemptsPerEvent(String run) {
        Map<Long, Integer> attempts = receiver.run(run).attempts;
        return attempts.values().stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
    }

    /** Sleeps until event {@code i} is due: {@code i} spacings after {@code begin}, so send time does not drift. */
    private static void pace(long begin, int i, Duration spacing) {
        long due = begin + i * spacing.toNanos();
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    /** A freeze defect numbered {@code seq} in its detail, the way the receiver matches it. */
    static Defect defect(long seq) {
        return new Defect(
                DetectorName.of(DefectType.FREEZE),
                12.5 + seq,
                Double.NaN,
                Severity.MAJOR,
                Map.of("frozenSec", 2.5, "seq", seq),
                false);
    }

    static StreamMonitor monitor(String name, URI webhook) {
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(new SourceSpec("srt://encoder-" + name + ":9000"));
        NotifySpec notify = new NotifySpec();
        notify.setWebhooks(List.of(new WebhookSpec(webhook.toString())));
        spec.setNotify(notify);
        StreamMonitor m = new StreamMonitor(NS, name, spec);
        m.getMetadata().setUid(uid(Math.abs(name.hashCode())));
        return m;
    }

    private static String uid(long n) {
        return String.format("6f1c1f5e-0000-4000-8000-%012d", n % 1_000_000_000_000L);
    }

    static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
