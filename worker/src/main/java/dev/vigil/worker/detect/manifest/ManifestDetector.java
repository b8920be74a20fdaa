package dev.vigil.worker.detect.manifest;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.DetectorUnavailableException;
import dev.vigil.worker.detect.stream.StallCause;
import dev.vigil.worker.source.Protocol;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The {@code manifest} detector: HLS and DASH delivery checks beside the decode. Unlike the other detectors it is
 * not fed decoded media; once {@link #start started} it reads the source's playlists (every rendition of an HLS
 * ladder, or the DASH MPD) itself, one round per target duration, on the worker's shared scheduler and the
 * process-wide HTTP client: no thread of its own. What it finds goes through the session's lane (the
 * {@code serial} executor), so its defects and events reach the listeners in order with the rest.
 * <p>Defaults: stale after 3 target durations without a new segment (players buffer about that much), a playlist
 * unavailable after 2 failed reads in a row, event checks held 2 target durations, severity major.
 */
public final class ManifestDetector implements Detector {

    public static final DetectorSettings DEFAULTS = ManifestSettings.DEFAULTS;
    /** Before the target duration is known. */
    private static final double FIRST_INTERVAL_SEC = 2;

    private static final double MIN_INTERVAL_SEC = 0.5;
    /** Delivery problems remembered for explaining stalls. */
    private static final int REMEMBERED_PROBLEMS = 8;

    /** Reads one source's manifests, a round at a time. */
    interface Poller {
        /** Starts one round of reads; calls {@code done} once every read of the round has been handled. */
        void round(Runnable done);

        /** Seconds between rounds. */
        double intervalSec();
    }

    private record Problem(String check, double fromSec, double toSec) {}

    private final ManifestSettings settings;
    private final DefectSink sink;
    private final Object lock = new Object();
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<Void> firstRead = new CompletableFuture<>();
    private volatile String chosenUrl;
    private final Deque<Problem> problems = new ArrayDeque<>();
    /** Lane-only: the checks whose opening reached the listeners. */
    private final Set<String> delivered = new HashSet<>();

    private ScheduledExecutorService scheduler;
    private Executor serial;
    private ManifestReports reports;
    private DoubleSupplier sessionNow;
    private ManifestHttp http;
    private CheckBoard board;
    private Poller poller;
    private ScheduledFuture<?> next;
    private volatile boolean stopped;
    private boolean finished;
    private double offsetSec;
    private ManifestFacts lastFacts;
    private double lastFactsAt = Double.NEGATIVE_INFINITY;

    public ManifestDetector(DetectorSettings settings, DefectSink sink) {
        try {
            this.settings = ManifestSettings.of(settings);
        } catch (IllegalArgumentException e) {
            throw new DetectorUnavailableException(type(), e.getMessage());
        }
        this.sink = sink;
    }

    /** Whether the manifest checks apply to this source (HLS or DASH over http/https). */
    public static boolean appliesTo(String url) {
        try {
            Protocol p = Protocol.of(url);
            return p == Protocol.HLS || p == Protocol.DASH;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public DetectorName type() {
        return DetectorName.of(DefectType.MANIFEST);
    }

    /**
     * Starts reading the source's manifests. Does nothing (and returns false) for a source that is not HLS or DASH.
     *
     * @param sessionNow the session's timeline now (seconds; NaN before its first frame)
     * @param serial     runs reports in the session's order (its lane)
     */
    public boolean start(
            String url,
            ScheduledExecutorService scheduler,
            DoubleSupplier sessionNow,
            Executor serial,
            ManifestReports reports) {
        if (!appliesTo(url)) {
            firstRead.complete(null);
            return false;
        }
        URI source;
        try {
            source = ManifestUrls.source(url);
        } catch (ManifestException e) {
            firstRead.complete(null);
            return false;
        }
        synchronized (lock) {
            this.scheduler = scheduler;
            this.serial = serial;
            this.reports = reports;
            this.sessionNow = sessionNow;
            this.http = new ManifestHttp(source, settings.timeout());
            this.board = new CheckBoard(settings, new LaneSink(), this::toSession);
            this.poller = Protocol.of(url) == Protocol.DASH ? new DashPoller(this) : new HlsPoller(this);
        }
        schedule(0);
        return true;
    }

    /**
     * The URL the decoder should open: for an HLS ladder the rendition chosen by {@code decodeMaxBandwidth} and
     * {@code decodeMaxHeight} (the highest by default), otherwise {@code url} itself. Waits for the first read of
     * the playlist at most {@code wait}; then, or when the ladder cannot be read, {@code url}.
     */
    public String decodeUrl(String url, Duration wait) {
        try {
            firstRead.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // not known in time: the source as given
        }
        String chosen = chosenUrl;
        return chosen == null ? url : chosen;
    }

    /** Tells a stall when the manifest was stale or unavailable at the same time. */
    public StallCause stallCause() {
        return (from, to) -> {
            synchronized (lock) {
                for (Problem p : problems) {
                    if (p.fromSec() <= to + 1 && (Double.isNaN(p.toSec()) || p.toSec() >= from - 1)) {
                        return "manifest " + p.check();
                    }
                }
                return null;
            }
        };
    }

    /** HTTP requests made so far (playlists, MPDs, segment probes). */
    public long requests() {
        synchronized (lock) {
            return http == null ? 0 : http.requests();
        }
    }

    @Override
    public void finish(double endSec) {
        synchronized (lock) {
            stopped = true;
            if (next != null) {
                next.cancel(false);
            }
            finished = true;
            firstRead.complete(null);
            if (board != null) {
                board.finish(endSec);
            }
        }
    }

    // ---- for the pollers (called under the lock) ----

    ManifestSettings settings() {
        return settings;
    }

    ManifestHttp http() {
        return http;
    }

    CheckBoard board() {
        return board;
    }

    Object lock() {
        return lock;
    }

    boolean stopped() {
        return stopped;
    }

    /** Seconds on the detector's own monotonic clock. */
    double now() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The rendition the decoder should follow (null: the source URL as given). */
    void decodeChosen(String url) {
        chosenUrl = url;
        firstRead.complete(null);
    }

    void event(String kind, String message, Map<String, Object> detail) {
        double at = toSession(now());
        lane(() -> {
            if (!finished) {
                reports.onEvent(at, kind, message, detail);
            }
        });
    }

    /** Facts go out when their shape changed, or every 30 s with the moving figures refreshed. */
    void facts(ManifestFacts facts) {
        double now = now();
        if (facts.differsInShape(lastFacts) || now - lastFactsAt >= 30) {
            lastFacts = facts;
            lastFactsAt = now;
            lane(() -> {
                if (!finished) {
                    reports.onFacts(facts);
                }
            });
        }
    }

    private void schedule(double delaySec) {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            try {
                next = scheduler.schedule(this::round, Math.round(delaySec * 1000), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shutDown) {
                stopped = true;
            }
        }
    }

    private void round() {
        if (stopped) {
            return;
        }
        double started = now();
        try {
            poller.round(() -> {
                double interval = Math.max(MIN_INTERVAL_SEC, poller.intervalSec());
                schedule(Math.max(0.05, started + interval - now()));
            });
        } catch (RuntimeException e) {
            // a bug in one round must not end the checks: try again later
            schedule(FIRST_INTERVAL_SEC);
        }
    }

    private double toSession(double watchSec) {
        double s = sessionNow == null ? Double.NaN : sessionNow.getAsDouble();
        if (Double.isFinite(s)) {
            offsetSec = s - now();
        }
        return Math.max(0, watchSec + offsetSec);
    }

    private void lane(Runnable r) {
        try {
            serial.execute(r);
        } catch (RejectedExecutionException closed) {
            // the session is gone
        }
    }

    /** Defects go through the lane; stale and unavailable intervals are kept to explain stalls. */
    private final class LaneSink implements DefectSink {

        @Override
        public void opened(Defect d) {
            remember(d, true);
            if (finished) {
                return;
            }
            String check = check(d);
            lane(() -> {
                if (!finished) {
                    delivered.add(check);
                    sink.opened(d);
                }
            });
        }

        @Override
        public void closed(Defect d) {
            remember(d, false);
            String check = check(d);
            if (finished) {
                // finish() runs on the lane: close what the listeners saw open, directly and before the session ends
                if (delivered.remove(check)) {
                    sink.closed(d);
                }
                return;
            }
            lane(() -> {
                if (!finished && delivered.remove(check)) {
                    sink.closed(d);
                }
            });
        }

        private void remember(Defect d, boolean opened) {
            String check = check(d);
            if (!check.equals(Check.STALE.wireName()) && !check.equals(Check.MANIFEST_UNAVAILABLE.wireName())) {
                return;
            }
            if (opened) {
                problems.addFirst(
                        new Problem(check.replace('_', ' ').toLowerCase(Locale.ROOT), d.startSec(), Double.NaN));
                while (problems.size() > REMEMBERED_PROBLEMS) {
                    problems.removeLast();
                }
            } else {
                problems.removeIf(p -> p.fromSec() == d.startSec() && Double.isNaN(p.toSec()));
                problems.addFirst(new Problem(check.replace('_', ' '), d.startSec(), d.endSec()));
            }
        }

        private String check(Defect d) {
            return String.valueOf(d.detail().get("check"));
        }
    }
}
