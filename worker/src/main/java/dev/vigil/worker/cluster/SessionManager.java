package dev.vigil.worker.cluster;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.StreamUnits;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.kube.BackoffPolicy;
import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.escalation.EscalationBudget;
import dev.vigil.worker.evidence.EvidenceCapture;
import dev.vigil.worker.evidence.EvidenceLedger;
import dev.vigil.worker.evidence.EvidenceRecorder;
import dev.vigil.worker.session.DetectorPool;
import dev.vigil.worker.session.MediaTap;
import dev.vigil.worker.session.SessionConfig;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.SessionResult;
import dev.vigil.worker.session.StreamSession;
import dev.vigil.worker.source.Redaction;
import dev.vigil.worker.source.SourceOptions;
import dev.vigil.worker.source.SourcePolicy;
import dev.vigil.worker.source.SourceRefusedException;
import dev.vigil.worker.source.StreamFacts;
import dev.vigil.worker.status.MonitorState;
import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.status.StatusListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Runs one {@link StreamSession} per monitor this worker has a shard of, and keeps the set equal to what the
 * assignments ask for, one monitor at a time and without touching the others:
 *
 * <ul>
 *   <li>a new assignment starts a session; an assignment gone, the monitor's label removed, the monitor
 *       deleted or suspended stops it;</li>
 *   <li>a change of the source (URL, options, timeouts, Secret reference) or of the detectors (set, thresholds,
 *       hold times, severity) restarts that monitor's session with the new configuration: detector state is
 *       per session, so a restart is the one way to apply any change the same way, and it costs that stream a
 *       reconnect (about a second), nobody else anything;</li>
 *   <li>a session never gives up: the engine reconnects live sources with backoff, and a session that ends
 *       anyway (a source that is not live, a failure) is started again with backoff while StreamUp says why.</li>
 * </ul>
 *
 * All changes run on one thread, so informer events, restarts and shutdown never race.
 */
public final class SessionManager implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SessionManager.class.getName());
    static final Duration CREDENTIALS_RETRY = Duration.ofSeconds(30);
    /** Restarts of a session that ended by itself, in a row: 1 s doubling to 30 s. */
    private static final BackoffPolicy RESTART =
            BackoffPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /**
     * Reads a monitor's source credentials, after checking that every Secret its spec names consents to its use
     * ({@link SourceCredentials.NotPermitted} when one does not).
     */
    @FunctionalInterface
    public interface CredentialsSource {
        SourceCredentials read(String namespace, StreamMonitorSpec spec) throws SourceCredentials.Unavailable;
    }

    /** One monitor this worker runs; {@code session} is null while it cannot run (bad spec, missing Secret). */
    public static final class Running {
        private volatile Shard shard;
        private volatile StreamMonitor monitor;
        /** Null while the monitor cannot run (bad spec, missing Secret); set once, right after construction. */
        private volatile StreamSession session;

        private final StatusListener status;
        private final long generation;
        private volatile double units = StreamUnits.UNKNOWN;
        private volatile boolean stopping;
        private int restarts;

        private Running(Shard shard, StreamMonitor monitor, StatusListener status, long generation) {
            this.shard = shard;
            this.monitor = monitor;
            this.status = status;
            this.generation = generation;
        }

        public Shard shard() {
            return shard;
        }

        public StreamSession session() {
            return session;
        }

        /** Increases each time a session is (re)started for the monitor on this worker. */
        public long generation() {
            return generation;
        }

        public double units() {
            return session == null ? 0 : units;
        }
    }

    private final String worker;
    private final DetectorPool pool;
    private final StatusHub hub;
    private final CredentialsSource credentials;
    private final SourcePolicy sourcePolicy;
    private final List<MonitorListenerFactory> factories;
    /** The pool's evidence capture, or null when it keeps none. */
    private final EvidenceCapture evidence;

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong();
    private final DoubleAdder framesOfEndedSessions = new DoubleAdder();
    /** Sessions asked to stop that may still be closing their source (a read ends within its timeout). */
    private final Set<StreamSession> ending = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-sessions");
        t.setDaemon(true);
        return t;
    });

    /** How the pool decodes; changed live by {@link #useDecode}. */
    private volatile DecodeProfile decodeProfile = DecodeProfile.FULL;

    private volatile boolean escalate = true;
    private final EscalationBudget escalations;

    /**
     * @param sourcePolicy what the monitors' sources may open (a cluster policy: StreamMonitor authors are not
     *                     trusted); checked before any Secret is read, and again at every open
     */
    public SessionManager(
            String worker,
            DetectorPool pool,
            StatusHub hub,
            CredentialsSource credentials,
            SourcePolicy sourcePolicy,
            List<MonitorListenerFactory> factories) {
        this(worker, pool, hub, credentials, sourcePolicy, factories, null, Double.POSITIVE_INFINITY);
    }

    /**
     * @param evidence      the pool's evidence capture, or null when it keeps none
     * @param capacityUnits the worker's capacity: escalations to full decoding are granted within it
     */
    public SessionManager(
            String worker,
            DetectorPool pool,
            StatusHub hub,
            CredentialsSource credentials,
            SourcePolicy sourcePolicy,
            List<MonitorListenerFactory> factories,
            EvidenceCapture evidence,
            double capacityUnits) {
        this.evidence = evidence;
        this.escalations = new EscalationBudget(capacityUnits, this::loadUnits);
        this.worker = worker;
        this.pool = pool;
        this.hub = hub;
        this.credentials = credentials;
        this.sourcePolicy = sourcePolicy;
        this.factories = List.copyOf(factories);
    }

    /** A monitor appeared or changed in this worker's informer. */
    public void monitorChanged(StreamMonitor monitor) {
        thread.execute(() -> apply(monitor));
    }

    /** A monitor left this worker's informer: deleted, or its label for this worker removed. */
    public void monitorRemoved(String namespace, String name) {
        thread.execute(() -> stop(namespace + "/" + name, null));
    }

    /** Monitors running here, by namespace/name (a snapshot). */
    public Map<String, Running> running() {
        return Map.copyOf(running);
    }

    /** Stream units carried now: each running session's cost (1 until its format is known). */
    /** Stream units of the running monitors at the pool's decode profile (escalations not included). */
    public double loadUnits() {
        double share = StreamUnits.share(decodeProfile.api());
        return running.values().stream().mapToDouble(r -> r.units() * share).sum();
    }

    /** Escalations to full decoding on this worker: granted, refused, running. */
    public EscalationBudget escalations() {
        return escalations;
    }

    /** The pool's decode settings changed (or were first read): running sessions switch between packets. */
    public void useDecode(DecodeProfile profile, boolean escalateToFull) {
        thread.execute(() -> {
            if (profile == decodeProfile && escalateToFull == escalate) {
                return;
            }
            LOG.log(
                    System.Logger.Level.INFO,
                    "decoding " + profile.wireName()
                            + (profile != DecodeProfile.FULL
                                    ? (escalateToFull ? " with" : " without") + " escalation"
                                    : ""));
            decodeProfile = profile;
            escalate = escalateToFull;
            running.values().stream()
                    .filter(r -> r.session != null)
                    .forEach(r -> r.session.useDecodeProfile(profile, escalateToFull));
        });
    }

    /** Video frames decoded by every session this manager ran (monotonic). */
    public double decodedFrames() {
        double live = running.values().stream()
                .filter(r -> r.session != null)
                .mapToDouble(r -> r.session.videoFramesDecoded())
                .sum();
        return framesOfEndedSessions.sum() + live;
    }

    /** Largest decode lag over running sessions, seconds. */
    public double maxDecodeLagSec() {
        return running.values().stream()
                .filter(r -> r.session != null)
                .mapToDouble(r -> r.session.decodeLagSec())
                .max()
                .orElse(0);
    }

    /** Waits until every change queued so far has been applied (tests, shutdown). */
    public void awaitIdle(Duration timeout) throws InterruptedException {
        var done = new java.util.concurrent.CountDownLatch(1);
        thread.execute(done::countDown);
        done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops every session (shutdown), reporting {@code finalStreamUp} for the monitors this worker is primary
     * for, and waits up to {@code timeout} for the sessions to end.
     */
    public void stopAll(Condition finalStreamUp, Duration timeout) throws InterruptedException {
        var done = new java.util.concurrent.CountDownLatch(1);
        thread.execute(() -> {
            for (String key : List.copyOf(running.keySet())) {
                stop(key, finalStreamUp);
            }
            done.countDown();
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        for (StreamSession s : List.copyOf(ending)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !s.awaitFinished(Duration.ofNanos(left))) {
                break;
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private void apply(StreamMonitor monitor) {
        String key = monitor.getMetadata().getNamespace() + "/"
                + monitor.getMetadata().getName();
        Optional<Shard> desired = ShardPlanner.plan(monitor, worker);
        Running current = running.get(key);
        if (desired.isEmpty()) {
            if (current != null) {
                boolean suspended = monitor.getSpec() != null
                        && Boolean.TRUE.equals(monitor.getSpec().getSuspend());
                stop(
                        key,
                        suspended
                                ? new Condition(
                                        Conditions.STREAM_UP,
                                        ConditionStatus.UNKNOWN,
                                        Conditions.SUSPENDED,
                                        "Monitoring is suspended.")
                                : null);
            }
            return;
        }
        Shard shard = desired.get();
        MonitorState state = hub.state(shard.namespace(), shard.name());
        state.assign(shard.ownedDetectors(), shard.primary());
        if (current != null && !shard.needsRestartFrom(current.shard)) {
            current.shard = shard; // same session: only who reports what changed
            current.monitor = monitor;
            return;
        }
        boolean newSource = current == null || !java.util.Objects.equals(current.shard.source(), shard.source());
        if (current != null) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "restarting " + key + ": its " + (newSource ? "source" : "detectors") + " changed");
            end(current);
            state.resetDefects();
        }
        start(shard, monitor, 0, newSource);
    }

    /**
     * @param newSource a first start or another source: StreamUp goes to Connecting. A restart for new detector
     *                  settings or after the session ended keeps StreamUp as it is until the session reports.
     */
    private void start(Shard shard, StreamMonitor monitor, int restarts, boolean newSource) {
        String key = shard.key();
        MonitorState state = hub.state(shard.namespace(), shard.name());
        long generation = generations.incrementAndGet();
        if (shard.invalid() != null) {
            state.setStreamUp(ConditionStatus.FALSE, Conditions.INVALID_SPEC, shard.invalid());
            running.put(key, new Running(shard, monitor, null, generation));
            return;
        }
        try {
            // nothing is read or opened for a source the policy refuses; a spec change restarts the monitor
            sourcePolicy.check(shard.source().getUrl(), shard.source().getOptions());
        } catch (SourceRefusedException e) {
            state.setStreamUp(
                    ConditionStatus.FALSE, Conditions.SOURCE_NOT_ALLOWED, "Source refused: " + e.getMessage());
            running.put(key, new Running(shard, monitor, null, generation));
            return;
        }
        SourceCredentials creds;
        try {
            creds = credentials.read(shard.namespace(), specOf(monitor, shard));
        } catch (SourceCredentials.Unavailable e) {
            // a Secret may be created or labelled later: try again
            state.setStreamUp(
                    ConditionStatus.FALSE,
                    e instanceof SourceCredentials.NotPermitted
                            ? Conditions.SECRET_NOT_PERMITTED
                            : Conditions.INVALID_SPEC,
                    e.getMessage() + "; retrying every " + CREDENTIALS_RETRY.toSeconds() + " s.");
            running.put(key, new Running(shard, monitor, null, generation));
            thread.schedule(() -> retry(key, generation), CREDENTIALS_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        SessionConfig config = sessionConfig(shard, creds, sourcePolicy);
        StatusListener status = hub.listener(state, text -> Redaction.redact(creds.redact(text)));
        if (newSource || state.streamUp() == null) {
            status.connecting(shard.source().getUrl());
        }
        // the monitor's entry first: its listeners refer to it, and the session is attached to it once made
        Running r = new Running(shard, monitor, status, generation);
        r.restarts = restarts;
        List<SessionListener> listeners = new ArrayList<>();
        EvidenceRecorder recorder = recorder(shard, status);
        if (recorder != null) {
            listeners.add(recorder); // first: status and notifications then find the evidence it planned
        }
        listeners.add(status);
        listeners.add(new SessionListener() {
            @Override
            public void onStreamUp(StreamFacts facts) {
                r.units = units(facts);
            }

            @Override
            public void onFinished(SessionResult result) {
                ending.remove(r.session);
                if (!thread.isShutdown()) {
                    thread.execute(() -> ended(key, generation, result));
                }
            }
        });
        for (MonitorListenerFactory f : factories) {
            try {
                SessionListener l = f.create(monitor);
                if (l != null) {
                    listeners.add(l);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "listener factory failed for " + key + ": " + e);
            }
        }
        StreamSession session = new StreamSession(
                config.withDecode(decodeProfile, escalate),
                pool,
                new FanOutListener(key, listeners),
                recorder == null ? MediaTap.NONE : recorder,
                escalations);
        r.session = session;
        running.put(key, r);
        session.start();
    }

    /** The monitor's evidence recorder, its status listening to the capture's progress; null without evidence. */
    private EvidenceRecorder recorder(Shard shard, StatusListener status) {
        if (evidence == null) {
            return null;
        }
        EvidenceLedger ledger = evidence.ledger(shard.namespace(), shard.name());
        ledger.observe(status::onEvidence);
        status.useEvidence(ledger);
        return evidence.recorder(
                shard.key(),
                evidence.namingFor(shard.namespace(), shard.name()),
                ledger,
                Map.of("vigil-monitor", shard.key(), "vigil-worker", worker));
    }

    /** A session ended without being asked to: start it again, later each time it happens in a row. */
    private void ended(String key, long generation, SessionResult result) {
        Running r = running.get(key);
        if (r == null || r.generation != generation || r.stopping) {
            return;
        }
        framesOfEndedSessions.add(r.session.videoFramesDecoded());
        long delay = RESTART.delay(r.restarts).toMillis();
        String why = result.error() != null ? Redaction.redact(result.error()) : "the source ended";
        MonitorState state = hub.state(r.shard.namespace(), r.shard.name());
        r.status.detach();
        state.setStreamUp(
                ConditionStatus.FALSE,
                Conditions.RECONNECTING,
                "Session ended (" + why + "); reopening in " + (delay / 1000.0) + " s.");
        state.resetDefects();
        thread.schedule(
                () -> {
                    Running now = running.get(key);
                    if (now == r) {
                        start(r.shard, r.monitor, r.restarts + 1, false);
                    }
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    private void retry(String key, long generation) {
        Running r = running.get(key);
        if (r != null && r.generation == generation && r.session == null) {
            start(r.shard, r.monitor, 0, true);
        }
    }

    private void stop(String key, Condition finalStreamUp) {
        Running r = running.remove(key);
        if (r == null) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "stopping " + key);
        end(r);
        hub.release(key, finalStreamUp);
        if (evidence != null) {
            evidence.forget(r.shard.namespace(), r.shard.name());
        }
    }

    private void end(Running r) {
        r.stopping = true;
        if (r.status != null) {
            r.status.detach();
        }
        if (r.session != null) {
            framesOfEndedSessions.add(r.session.videoFramesDecoded());
            ending.add(r.session);
            r.session.stop();
        }
    }

    /** The monitor's spec with the source this shard runs (the shard keeps its own copy of the source). */
    private static StreamMonitorSpec specOf(StreamMonitor monitor, Shard shard) {
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(shard.source());
        spec.setNotify(monitor.getSpec() == null ? null : monitor.getSpec().getNotify());
        return spec;
    }

    static SessionConfig sessionConfig(Shard shard, SourceCredentials creds, SourcePolicy policy) {
        SourceSpec source = shard.source();
        // the spec's URL and options as written: the credentials go to FFmpeg after the policy's last check
        String url = source.getUrl();
        Map<String, String> options = new LinkedHashMap<>();
        if (source.getOptions() != null) {
            options.putAll(source.getOptions());
        }
        SourceOptions sourceOptions = new SourceOptions(
                Duration.ofSeconds(
                        source.getOpenTimeoutSec() != null
                                ? source.getOpenTimeoutSec()
                                : SourceSpec.DEFAULT_TIMEOUT_SEC),
                Duration.ofSeconds(
                        source.getReadTimeoutSec() != null
                                ? source.getReadTimeoutSec()
                                : SourceSpec.DEFAULT_TIMEOUT_SEC),
                options,
                policy,
                creds.toInput(url));
        // never give up: the first connection failing is retried like any later drop
        return SessionConfig.builder(url, shard.detectors())
                .name(shard.key())
                .sourceOptions(sourceOptions)
                .failOnFirstOpen(false)
                .build();
    }

    private static double units(StreamFacts facts) {
        if (!facts.hasVideo()) {
            return StreamUnits.AUDIO_ONLY;
        }
        if (facts.width() <= 0 || facts.height() <= 0 || !(facts.frameRate() > 0)) {
            return StreamUnits.UNKNOWN;
        }
        return StreamUnits.of(facts.width(), facts.height(), facts.frameRate());
    }
}
