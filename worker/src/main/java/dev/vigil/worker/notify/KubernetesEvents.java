package dev.vigil.worker.notify;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.VigilApi;
import dev.vigil.api.v1alpha1.spec.NotifySpec;
import dev.vigil.worker.evidence.EvidenceLinks;
import dev.vigil.worker.evidence.EvidenceRef;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.status.TokenBucket;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Kubernetes Events ({@code events.k8s.io/v1}) about the monitors of one worker.
 *
 * <p>Occurrences are aggregated, not written one by one: the first of a series creates an Event, repeats of
 * the same reason and note on the same monitor update that Event's {@code series} (count, lastObservedTime),
 * the way client-go's event recorder does. Writes happen on one background thread every flush interval under a
 * per-worker token bucket, so a defect storm costs a bounded number of API writes and never blocks a session.
 */
public final class KubernetesEvents implements AutoCloseable {

    public static final String REPORTING_CONTROLLER = "vigil.dev/worker";
    static final int MAX_INSTANCE_LENGTH = 128;
    /** The API server refuses notes of 1 kB or more. */
    static final int MAX_NOTE = 1000;

    private static final System.Logger LOG = System.getLogger(KubernetesEvents.class.getName());
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);
    private static final SessionListener SILENT = new SessionListener() {};

    private final KubernetesClient client;
    private final String worker;
    private final NotifyMetrics metrics;
    private final Clock clock;
    private final EventAggregator aggregator;
    private final TokenBucket bucket;
    private final ScheduledExecutorService writer;
    private long lastNameNanos;
    private volatile EvidenceLinks.Directory evidence = EvidenceLinks.Directory.NONE;

    public KubernetesEvents(KubernetesClient client, String worker, NotifyMetrics metrics) {
        this(client, worker, metrics, EventSettings.defaults(), Clock.systemUTC());
    }

    public KubernetesEvents(
            KubernetesClient client, String worker, NotifyMetrics metrics, EventSettings settings, Clock clock) {
        this.client = client;
        this.worker = worker.length() <= MAX_INSTANCE_LENGTH ? worker : worker.substring(0, MAX_INSTANCE_LENGTH);
        this.metrics = metrics;
        this.clock = clock;
        this.aggregator = new EventAggregator(settings.window(), settings.maxSeries());
        // the budget runs on real time even where tests drive the aggregation with their own clock
        this.bucket = new TokenBucket(settings.perSecond(), settings.burst(), Clock.systemUTC());
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-events");
            t.setDaemon(true);
            return t;
        });
        long interval = settings.flushInterval().toMillis();
        writer.scheduleWithFixedDelay(this::flushSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Defect Events name the evidence found here (the pool's evidence store). */
    public void useEvidence(EvidenceLinks.Directory links) {
        evidence = links == null ? EvidenceLinks.Directory.NONE : links;
    }

    /** The listener for one session of {@code monitor}: silent when its {@code spec.notify.events} is false. */
    public SessionListener create(StreamMonitor monitor) {
        MonitorRef ref = MonitorRef.of(monitor);
        return enabled(monitor)
                ? new NotificationListener(
                        ref, worker, clock, this::record, evidence.links(ref.namespace(), ref.name()))
                : SILENT;
    }

    static boolean enabled(StreamMonitor monitor) {
        NotifySpec notify = monitor.getSpec() == null ? null : monitor.getSpec().getNotify();
        return notify == null || notify.getEvents() == null || notify.getEvents();
    }

    /** Counts an occurrence; written on the next flush. Never blocks on the API server. */
    public void record(Notification n) {
        aggregator.add(new EventAggregator.Key(n.monitor(), n.kind(), note(n)), n.time());
    }

    /**
     * The Event's note: fixed per series (an Event's note cannot change), so it carries no times or counts. A defect
     * with evidence names its objects (keys, not links: a note outlives a presigned URL); those defects are few,
     * being rate-limited, so the rest still aggregate into one series.
     */
    static String note(Notification n) {
        String note = switch (n.kind()) {
            case DEFECT_OPENED -> n.defect().key() + " defect opened (severity " + n.severity() + ")";
            case DEFECT_ESCALATED -> n.defect().key() + " defect escalated (severity " + n.severity() + ")";
            case DEFECT_CLOSED -> n.defect().key() + " defect cleared (severity " + n.severity() + ")";
            case STREAM_DOWN, STREAM_UP -> n.message();
        };
        EvidenceRef e = n.evidence();
        if (e != null && (e.thumbnail() != null || e.clip() != null)) {
            String keys = java.util.stream.Stream.of(e.thumbnail(), e.clip())
                    .filter(k -> k != null)
                    .collect(java.util.stream.Collectors.joining(", "));
            note = note + "; evidence " + keys;
        }
        return note.length() <= MAX_NOTE ? note : note.substring(0, MAX_NOTE);
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            if (writer.awaitTermination(5, TimeUnit.SECONDS)) {
                flush();
            } else {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "writing Events failed: " + e);
        }
    }

    void flush() {
        for (EventAggregator.Pending p : aggregator.pending(clock.instant())) {
            if (!bucket.tryTake()) {
                return; // the rest keep counting and go out on a later flush
            }
            write(p);
        }
    }

    private void write(EventAggregator.Pending p) {
        MonitorRef m = p.key().monitor();
        try {
            if (p.eventName() == null) {
                Event created = client.events()
                        .v1()
                        .events()
                        .inNamespace(m.namespace())
                        .resource(newEvent(p))
                        .create();
                aggregator.written(p.key(), created.getMetadata().getName(), p.count());
            } else {
                String series = "{\"series\":{\"count\":" + p.count() + ",\"lastObservedTime\":\""
                        + MICRO_TIME.format(p.lastSeen()) + "\"}}";
                client.events()
                        .v1()
                        .events()
                        .inNamespace(m.namespace())
                        .withName(p.eventName())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), series);
                aggregator.written(p.key(), p.eventName(), p.count());
            }
            metrics.eventEmitted();
        } catch (KubernetesClientException e) {
            int code = e.getCode();
            if (code == 404 || code == 409) {
                aggregator.lost(p.key()); // expired by the event TTL, or the name was taken: a new Event next time
            } else if (code == 0 || code == 429 || code >= 500) {
                LOG.log(Level.DEBUG, "Event for " + m + " not written yet (" + code + "), retrying on next flush");
            } else {
                aggregator.written(p.key(), p.eventName(), p.count()); // the API server will not take it: give up
                LOG.log(
                        Level.WARNING,
                        "Event " + p.key().kind().eventReason() + " for " + m + " rejected (" + code + "): "
                                + e.getStatus().getMessage());
            }
        }
    }

    private Event newEvent(EventAggregator.Pending p) {
        MonitorRef m = p.key().monitor();
        NotificationKind kind = p.key().kind();
        EventBuilder event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(m.namespace())
                .withName(eventName(m.name()))
                .endMetadata()
                .withEventTime(new MicroTime(MICRO_TIME.format(p.firstSeen())))
                .withReportingController(REPORTING_CONTROLLER)
                .withReportingInstance(worker)
                .withAction(kind.eventAction())
                .withReason(kind.eventReason())
                .withType(kind.eventType())
                .withNote(p.key().note())
                .withRegarding(new ObjectReferenceBuilder()
                        .withApiVersion(VigilApi.API_VERSION)
                        .withKind(StreamMonitor.KIND)
                        .withNamespace(m.namespace())
                        .withName(m.name())
                        .withUid(m.uid())
                        .build());
        if (p.count() > 1) {
            event.withNewSeries()
                    .withCount(p.count())
                    .withLastObservedTime(new MicroTime(MICRO_TIME.format(p.lastSeen())))
                    .endSeries();
        }
        return event.build();
    }

    /** {@code <monitor>.<hex nanos>}, as client-go names Events; strictly increasing so names never repeat here. */
    private String eventName(String monitor) {
        Instant now = clock.instant();
        long nanos = Math.max(lastNameNanos + 1, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        lastNameNanos = nanos;
        String prefix =
                monitor.length() <= 230 ? monitor : monitor.substring(0, 230).replaceAll("[^a-z0-9]+$", "");
        return prefix + "." + Long.toHexString(nanos);
    }
}
