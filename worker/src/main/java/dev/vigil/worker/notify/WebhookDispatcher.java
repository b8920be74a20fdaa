package dev.vigil.worker.notify;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.NotifySpec;
import dev.vigil.api.v1alpha1.spec.WebhookSpec;
import dev.vigil.worker.evidence.EvidenceLinks;
import dev.vigil.worker.session.SessionListener;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers the CloudEvents of one worker's monitors to their webhooks, off the session threads.
 *
 * <p>Structured content mode: one HTTP POST per event and endpoint, body {@code application/cloudevents+json}
 * (attributes and data in one JSON document), so receivers need no CloudEvents library. The optional Secret
 * entry of a webhook is sent, as is, as the {@code Authorization} header: over https only, and only from a Secret
 * labelled {@code vigil.dev/usage: webhook} ({@link SecretConsent}); a webhook that breaks either is not called.
 *
 * <p>Policy: a bounded {@link DeliveryQueue} (oldest dropped when full, counted); a few sender threads; connect
 * and request timeouts; retries with exponential backoff and jitter on connection errors, timeouts, 5xx, 408 and
 * 429 (honouring {@code Retry-After} up to the maximum backoff), none on other 4xx; a bounded number of attempts.
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());
    private static final SessionListener SILENT = new SessionListener() {};

    private enum Result {
        OK,
        RETRY,
        FAIL
    }

    private record Outcome(Result result, Duration retryAfter, String why) {}

    private final String worker;
    private final SecretResolver secrets;
    private final NotifyMetrics metrics;
    private final WebhookSettings settings;
    private final Clock clock;
    private final DeliveryQueue queue;
    private final HttpClient http;
    private final ExecutorService senders;
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean closing;
    private volatile EvidenceLinks.Directory evidence = EvidenceLinks.Directory.NONE;

    public WebhookDispatcher(String worker, SecretResolver secrets, NotifyMetrics metrics) {
        this(worker, secrets, metrics, WebhookSettings.defaults(), Clock.systemUTC());
    }

    public WebhookDispatcher(
            String worker, SecretResolver secrets, NotifyMetrics metrics, WebhookSettings settings, Clock clock) {
        this.worker = worker;
        this.secrets = secrets;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.queue = new DeliveryQueue(settings.queueCapacity(), () -> {
            dropped.incrementAndGet();
            metrics.webhookDropped();
        });
        HttpClient.Builder client = HttpClient.newBuilder();
        if (settings.tls() != null) {
            client.sslContext(settings.tls());
        }
        this.http = client.connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(settings.senders(), r -> {
            Thread t = new Thread(r, "vigil-webhook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < settings.senders(); i++) {
            senders.execute(this::sendLoop);
        }
    }

    /** Defect events carry the evidence found here (the pool's evidence store). */
    public void useEvidence(EvidenceLinks.Directory links) {
        evidence = links == null ? EvidenceLinks.Directory.NONE : links;
    }

    /** The listener for one session of {@code monitor}: silent when it has no webhooks. */
    public SessionListener create(StreamMonitor monitor) {
        List<WebhookTarget> targets = targets(monitor);
        if (targets.isEmpty()) {
            return SILENT;
        }
        MonitorRef ref = MonitorRef.of(monitor);
        return new NotificationListener(
                ref, worker, clock, n -> submit(n, targets), evidence.links(ref.namespace(), ref.name()));
    }

    static List<WebhookTarget> targets(StreamMonitor monitor) {
        NotifySpec notify = monitor.getSpec() == null ? null : monitor.getSpec().getNotify();
        List<WebhookTarget> targets = new ArrayList<>();
        if (notify != null && notify.getWebhooks() != null) {
            for (WebhookSpec spec : notify.getWebhooks()) {
                try {
                    WebhookTarget target = WebhookTarget.of(spec);
                    if (target.url().getHost() == null
                            || !target.url().getScheme().matches("(?i)https?")) {
                        throw new IllegalArgumentException("not an absolute http(s) URL");
                    }
                    if (!target.credentialsAllowed()) {
                        LOG.log(
                                Level.WARNING,
                                "monitor " + MonitorRef.of(monitor) + ": webhook " + target.safeName()
                                        + " skipped: it names a Secret but is not https, and credentials never go in clear text");
                        continue;
                    }
                    targets.add(target);
                } catch (IllegalArgumentException | NullPointerException e) {
                    LOG.log(
                            Level.WARNING,
                            "monitor " + MonitorRef.of(monitor) + ": webhook skipped, its URL is"
                                    + " not an absolute http(s) URL");
                }
            }
        }
        return targets;
    }

    /** Queues one CloudEvent per target; returns at once. */
    public void submit(Notification n, List<WebhookTarget> targets) {
        if (closing) {
            return;
        }
        CloudEvent event;
        try {
            event = CloudEventMapper.toCloudEvent(n);
        } catch (RuntimeException e) {
            // a detector's detail that JSON cannot hold must not reach the session thread as an exception
            targets.forEach(t -> metrics.webhookDelivered(false));
            LOG.log(
                    Level.WARNING,
                    "monitor " + n.monitor() + ": " + n.kind().cloudEventType() + " not sent: " + e.getMessage());
            return;
        }
        for (WebhookTarget target : targets) {
            queue.offer(
                    new Delivery(seq.incrementAndGet(), target, n.monitor().namespace(), event, 0, System.nanoTime()));
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public int queued() {
        return queue.size();
    }

    /** Sends what is due for up to {@code grace}, then stops; what is left unsent is logged as a count. */
    public void close(Duration grace) {
        closing = true;
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while ((queue.size() > 0 || busy.get() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queue.close();
        senders.shutdownNow();
        if (left > 0) {
            LOG.log(Level.WARNING, left + " webhook deliveries left unsent at shutdown");
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private void sendLoop() {
        try {
            for (Delivery d = queue.take(); d != null; d = queue.take()) {
                busy.incrementAndGet();
                try {
                    deliver(d);
                } finally {
                    busy.decrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            // shutting down
        }
    }

    private void deliver(Delivery d) throws InterruptedException {
        Outcome outcome = attempt(d);
        int attempts = d.attempt() + 1;
        if (outcome.result() == Result.OK) {
            metrics.webhookDelivered(true);
        } else if (outcome.result() == Result.RETRY
                && attempts < settings.retry().maxAttempts()
                && !closing) {
            Duration delay = settings.retry().delayAfter(attempts, outcome.retryAfter());
            queue.offer(d.retryAt(System.nanoTime() + delay.toNanos()));
        } else {
            metrics.webhookDelivered(false);
            LOG.log(
                    Level.WARNING,
                    "webhook " + d.target().safeName() + " of monitor " + d.namespace() + "/"
                            + d.event().getSource().getPath().replaceFirst(".*/", "") + ": "
                            + d.event().getType()
                            + " not delivered after " + attempts + " attempt(s): " + outcome.why());
        }
    }

    private Outcome attempt(Delivery d) throws InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(headers::put, b -> body[0] = b)
                .writeStructured(d.event(), JsonFormat.CONTENT_TYPE);
        HttpRequest.Builder request = HttpRequest.newBuilder(d.target().url())
                .timeout(settings.requestTimeout())
                .header("User-Agent", "vigil-worker")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body[0]));
        headers.forEach(request::header);
        if (d.target().secretRef() != null) {
            String ref = "Secret " + d.target().secretRef().getName() + " key "
                    + d.target().secretRef().getKey();
            Optional<String> auth;
            if (!d.target().credentialsAllowed()) {
                return new Outcome(Result.FAIL, null, ref + " not sent: credentials go over https only");
            }
            try {
                auth = secrets.resolve(d.namespace(), d.target().secretRef());
            } catch (SecretNotPermittedException e) {
                return new Outcome(Result.FAIL, null, e.getMessage());
            } catch (RuntimeException e) {
                return new Outcome(
                        Result.RETRY,
                        null,
                        ref + " could not be read (" + e.getClass().getSimpleName() + ")");
            }
            if (auth.isEmpty()) {
                return new Outcome(Result.FAIL, null, ref + " not found in namespace " + d.namespace());
            }
            try {
                request.header("Authorization", auth.get().strip());
            } catch (IllegalArgumentException e) {
                return new Outcome(Result.FAIL, null, ref + " is not a valid Authorization header value");
            }
        }
        CompletableFuture<HttpResponse<Void>> call =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        try {
            // the request timeout covers the response headers; this bound also covers a body that never ends
            HttpResponse<Void> response = call.get(settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            if (status / 100 == 2) {
                return new Outcome(Result.OK, null, null);
            }
            return new Outcome(
                    RetryPolicy.retryable(status) ? Result.RETRY : Result.FAIL, retryAfter(response), "HTTP " + status);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Outcome(Result.RETRY, null, cause.getClass().getSimpleName());
        } catch (TimeoutException e) {
            call.cancel(true);
            return new Outcome(
                    Result.RETRY,
                    null,
                    "no response within " + settings.requestTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .filter(v -> v.strip().matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v.strip())))
                .orElse(null);
    }
}
