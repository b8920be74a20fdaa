package dev.vigil.worker.status;

import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.kube.BackoffPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * The worker's one status write path. Sessions report into per-monitor {@link MonitorState}s; a single write
 * thread writes each monitor's latest state when the {@link WriteCoalescer} says it is due and the
 * {@link TokenBucket} has a token. Out of tokens, monitors stay pending with their latest state and are
 * written, longest waiting first, as tokens come back: nothing is lost, intermediate states are skipped.
 * A write that fails (API server unreachable) is retried with backoff; the state keeps moving meanwhile.
 */
public final class StatusHub implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StatusHub.class.getName());
    /** Retries of a write the API server did not take: 1 s doubling to 10 s. */
    private static final BackoffPolicy RETRY = BackoffPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10));

    /** Write budget and pacing; defaults: routine changes every 5 s, 10 writes/s, burst 20. */
    public record Settings(Duration routineInterval, double writesPerSec, int burst) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(5), 10, 20);
    }

    private final MonitorStatusWriter writer;
    private final Clock clock;
    private final Object lock = new Object();
    private final WriteCoalescer coalescer;
    private final TokenBucket bucket;
    private final Map<String, MonitorState> states = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Set<String> throttledNow = new HashSet<>();
    private final Counter throttled;
    private final Thread loop;
    private volatile boolean running = true;

    public StatusHub(MonitorStatusWriter writer, Settings settings, Clock clock, MeterRegistry registry) {
        this.writer = writer;
        this.clock = clock;
        this.coalescer = new WriteCoalescer(clock, settings.routineInterval());
        this.bucket = new TokenBucket(settings.writesPerSec(), settings.burst(), clock);
        this.throttled = Counter.builder("vigil.status.writes.throttled")
                .description("Status writes that waited for the worker's write budget")
                .register(registry);
        this.loop = new Thread(this::run, "vigil-status-writer");
        this.loop.setDaemon(true);
    }

    /** Counts write results as vigil_status_writes_total{result}. */
    public static MonitorStatusWriter.WriteCounter counter(MeterRegistry registry) {
        Map<String, Counter> byResult = new ConcurrentHashMap<>();
        for (String r : List.of("ok", "conflict", "error")) {
            byResult.put(
                    r,
                    Counter.builder("vigil.status.writes")
                            .tag("result", r)
                            .description("Status write attempts by result")
                            .register(registry));
        }
        return result -> byResult.get(result).increment();
    }

    public void start() {
        loop.start();
    }

    /** The state of a monitor this worker runs a shard of (created on first use). */
    public MonitorState state(String namespace, String name) {
        return states.computeIfAbsent(namespace + "/" + name, k -> new MonitorState(namespace, name, this::changed));
    }

    /** A listener feeding the monitor's state, for one session. */
    public StatusListener listener(MonitorState state, UnaryOperator<String> redact) {
        return new StatusListener(state, clock, redact);
    }

    /** Something in a monitor's state changed; {@code urgent}: write as soon as the budget allows. */
    public void changed(String key, boolean urgent) {
        synchronized (lock) {
            coalescer.changed(key, urgent);
            lock.notifyAll();
        }
    }

    /**
     * This worker stops running the monitor: one last write removes the defects it owned (and sets
     * {@code finalStreamUp} when it is the primary shard), then the state is forgotten.
     */
    public void release(String key, Condition finalStreamUp) {
        MonitorState s = states.get(key);
        if (s != null) {
            s.release(finalStreamUp); // tells this hub by itself
        }
    }

    /** The monitor was deleted: nothing to write. */
    public void forget(String key) {
        states.remove(key);
        writer.forget(key);
        synchronized (lock) {
            coalescer.forget(key);
            throttledNow.remove(key);
        }
    }

    /** Monitors whose StreamUp (as this worker reports it) is not True. */
    public int streamsDown() {
        int down = 0;
        for (MonitorState s : states.values()) {
            Condition up = s.streamUp();
            if (!s.isReleased() && up != null && up.getStatus() != ConditionStatus.TRUE) {
                down++;
            }
        }
        return down;
    }

    public int pending() {
        synchronized (lock) {
            return coalescer.pending();
        }
    }

    /**
     * Writes everything pending on the calling thread, ignoring the budget (shutdown, after {@link #close}: a
     * bounded number of final writes), until {@code timeout} has passed.
     */
    public void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> keys;
            synchronized (lock) {
                keys = List.copyOf(coalescer.due());
                if (keys.isEmpty() && coalescer.pending() == 0) {
                    return;
                }
            }
            if (keys.isEmpty()) {
                sleep(100);
                continue;
            }
            keys.forEach(this::writeOne);
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try {
                String next = nextWrite();
                if (next != null) {
                    writeOne(next);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "status write loop: " + e);
            }
        }
    }

    /** Waits for a monitor that is due and a token to write it with; null when woken for shutdown. */
    private String nextWrite() throws InterruptedException {
        synchronized (lock) {
            while (running) {
                boolean outOfTokens = false;
                for (String key : coalescer.due()) {
                    MonitorState s = states.get(key);
                    if (s == null) {
                        coalescer.forget(key);
                        continue;
                    }
                    if (!writer.needsWrite(s.snapshot())) {
                        done(key, s);
                        continue;
                    }
                    if (bucket.tryTake()) {
                        return key;
                    }
                    // out of tokens: everything due stays pending with its latest state
                    for (String k : coalescer.due()) {
                        if (throttledNow.add(k)) {
                            throttled.increment();
                        }
                    }
                    outOfTokens = true;
                    break;
                }
                long waitMillis = outOfTokens
                        ? Math.max(1, bucket.millisUntilToken())
                        : coalescer.millisUntilNextDue().orElse(60_000);
                if (waitMillis > 0) {
                    lock.wait(Math.min(waitMillis, 60_000));
                }
            }
            return null;
        }
    }

    private void writeOne(String key) {
        MonitorState s = states.get(key);
        if (s == null) {
            return;
        }
        synchronized (lock) {
            // written from this snapshot: later changes mark the monitor due again
            coalescer.written(key);
            throttledNow.remove(key);
        }
        MonitorState.Snapshot snapshot = s.snapshot();
        try {
            MonitorStatusWriter.Result result = writer.write(snapshot);
            failures.remove(key);
            if (result == MonitorStatusWriter.Result.GONE || snapshot.released()) {
                finishRelease(key, s, result);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 422) {
                // others kept writing between our read and patch: not an outage, try again soon
                long delay = 100 + ThreadLocalRandom.current().nextLong(400);
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "status of " + key + " kept conflicting; retrying in " + delay + " ms");
                synchronized (lock) {
                    coalescer.retryAfter(key, Duration.ofMillis(delay));
                }
                return;
            }
            failed(key, e);
        } catch (RuntimeException e) {
            failed(key, e);
        }
    }

    /** The API server could not be reached or refused: retry with backoff, 1 s doubling to 10 s. */
    private void failed(String key, RuntimeException e) {
        int n = failures.merge(key, 1, Integer::sum);
        long delay = RETRY.delay(n - 1).toMillis();
        LOG.log(
                System.Logger.Level.WARNING,
                "status of " + key + " not written (" + firstLine(e.getMessage()) + "); retrying in " + delay + " ms");
        synchronized (lock) {
            coalescer.retryAfter(key, Duration.ofMillis(delay));
        }
    }

    private void done(String key, MonitorState s) {
        coalescer.written(key);
        throttledNow.remove(key);
        if (s.isReleased()) {
            states.remove(key, s);
            writer.forget(key);
            coalescer.forget(key);
        }
    }

    private void finishRelease(String key, MonitorState s, MonitorStatusWriter.Result result) {
        synchronized (lock) {
            if (s.isReleased() || result == MonitorStatusWriter.Result.GONE) {
                states.remove(key, s);
                writer.forget(key);
                coalescer.forget(key);
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
