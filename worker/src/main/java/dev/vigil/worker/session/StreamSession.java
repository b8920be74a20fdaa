package dev.vigil.worker.session;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.kube.BackoffPolicy;
import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.DetectorUnavailableException;
import dev.vigil.worker.detect.Observation;
import dev.vigil.worker.detect.catalog.DetectorCatalog;
import dev.vigil.worker.detect.manifest.ManifestDetector;
import dev.vigil.worker.detect.manifest.ManifestFacts;
import dev.vigil.worker.detect.manifest.ManifestReports;
import dev.vigil.worker.detect.stream.StallDetector;
import dev.vigil.worker.escalation.DecodeState;
import dev.vigil.worker.escalation.Escalation;
import dev.vigil.worker.escalation.EscalationBudget;
import dev.vigil.worker.media.FrameAnalyzer;
import dev.vigil.worker.source.MediaSource;
import dev.vigil.worker.source.SourceException;
import dev.vigil.worker.source.StreamFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches one stream, as a pipeline on a decode thread of its own:
 * <pre>
 *  source (connect, reconnect)  →  decode + analysis (DecodeStage)  →  detector lanes  →  listener
 *        MediaSource                 decoders, probes, FrameAnalyzer       DetectorLanes     SessionListener
 * </pre>
 * This class owns the lifecycle and the connection loop: live sources are reconnected with backoff, and the
 * time they are down counts as stall (a timer ticks the detectors while nothing arrives).
 */
public final class StreamSession {

    private static final long TICK_MS = 250;

    private final SessionConfig config;
    private final SessionListener listener;
    private final DetectorPool pool;
    private final DetectorLanes lanes;
    private final Probes probes;
    private final DecodeStage decode;
    private final FactsTracker facts = new FactsTracker();
    private final Escalation escalation;
    /** Lane: how the video was decoded as of the media the detectors are at (defects are annotated with it). */
    private volatile DecodeState laneDecode;

    private final List<StreamEvent> unavailable = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean finishing = new AtomicBoolean();

    private volatile boolean stopping;
    private volatile MediaSource current;
    private volatile SessionResult result;
    private volatile SessionClock clock;
    private volatile ScheduledFuture<?> ticker;
    private volatile long decodeCpuNanos;
    private volatile long connectedNanos;
    /** HLS/DASH delivery checks: they poll beside the decode and choose the rendition it follows. */
    private ManifestDetector manifest;

    private StallDetector stall;
    private Thread decodeThread;

    public StreamSession(SessionConfig config, DetectorPool pool, SessionListener listener) {
        this(config, pool, listener, MediaTap.NONE, EscalationBudget.unlimited());
    }

    /** @param tap sees the packets and analysed media beside the detectors (evidence capture, report curves) */
    public StreamSession(SessionConfig config, DetectorPool pool, SessionListener listener, MediaTap tap) {
        this(config, pool, listener, tap, EscalationBudget.unlimited());
    }

    /** @param budget what this worker may spend on escalations to full decoding, shared by its sessions */
    public StreamSession(SessionConfig config, DetectorPool pool, SessionListener listener, EscalationBudget budget) {
        this(config, pool, listener, MediaTap.NONE, budget);
    }

    public StreamSession(
            SessionConfig config, DetectorPool pool, SessionListener listener, MediaTap tap, EscalationBudget budget) {
        this.config = config;
        this.pool = pool;
        this.listener = listener;
        this.escalation =
                new Escalation(config.decodeProfile(), config.escalate(), budget, Escalation.Settings.DEFAULTS);
        List<Detector> detectors = createDetectors();
        MediaTap guarded = TapGuard.of(tap, config.name());
        this.lanes = new DetectorLanes(detectors, listener, pool.workers(), config.laneCapacity(), guarded);
        this.probes = new Probes(detectors);
        FrameAnalyzer analyzer = new FrameAnalyzer()
                .withLumaSampling(detectors.stream()
                        .map(Detector::lumaSampling)
                        .filter(s -> s != null)
                        .toList());
        this.laneDecode = escalation.state();
        this.decode = new DecodeStage(config, lanes, probes, facts, listener, analyzer, guarded, escalation, state -> {
            laneDecode = state;
            listener.onDecodeChanged(state);
        });
        if (config.decodeProfile() != DecodeProfile.FULL) {
            unavailable.addAll(CodingMeasures.limited(
                    config.detectors().entrySet().stream()
                            .filter(e -> e.getValue().enabled())
                            .map(Map.Entry::getKey)
                            .toList(),
                    config.decodeProfile(),
                    config.escalate()));
        }
    }

    /** Any thread: decode in this profile from the next packet on (its pool's profile changed). */
    public void useDecodeProfile(DecodeProfile profile, boolean escalate) {
        escalation.useProfile(profile, escalate);
    }

    /** The configured detectors, built by the catalog; one that cannot be built is reported once started. */
    private List<Detector> createDetectors() {
        DefectSink sink = new DefectSink() {
            @Override
            public void opened(Defect defect) {
                listener.onDefectOpened(decodedAs(defect));
            }

            @Override
            public void escalated(Defect defect) {
                listener.onDefectEscalated(decodedAs(defect));
            }

            @Override
            public void closed(Defect defect) {
                listener.onDefectClosed(decodedAs(defect));
            }

            @Override
            public void observed(Observation observation) {
                if (observation instanceof Observation.Idle idle) {
                    listener.onStreamEvent(new StreamEvent(
                            0,
                            StreamEvent.Kind.DETECTOR_IDLE,
                            idle.detector() + ": " + idle.reason(),
                            Map.of("detector", idle.detector().wireName())));
                } else if (observation instanceof Observation.Event event) {
                    listener.onStreamEvent(
                            new StreamEvent(event.atSec(), event.kind(), event.message(), event.detail()));
                } else {
                    listener.onObservation(observation);
                }
            }
        };
        List<Detector> detectors = new ArrayList<>();
        for (Map.Entry<DetectorName, DetectorSettings> e : config.detectors().entrySet()) {
            if (!e.getValue().enabled()) {
                continue;
            }
            try {
                Detector d = DetectorCatalog.create(e.getKey(), e.getValue(), sink);
                detectors.add(d);
                if (d instanceof ManifestDetector m) {
                    manifest = m;
                } else if (d instanceof StallDetector s) {
                    stall = s;
                }
            } catch (DetectorUnavailableException unusable) {
                // a broken model costs this detector only: reported once the session starts, the others run
                unavailable.add(new StreamEvent(
                        0,
                        StreamEvent.Kind.DETECTOR_FAILED,
                        unusable.getMessage(),
                        Map.of(
                                "detector",
                                e.getKey().wireName(),
                                "severity",
                                e.getValue().severity().wireName())));
            }
        }
        return detectors;
    }

    /**
     * A stream decoded in economy or keyframes: the defect says how the pictures were decoded when it was reported
     * ({@code decode}: full while escalated, with the {@code escalation} reason), so a reader knows its interval and
     * detail were measured on every picture.
     */
    private Defect decodedAs(Defect defect) {
        DecodeState d = laneDecode;
        if (d == null || d.profile() == DecodeProfile.FULL || !lookedAtPictures(defect)) {
            return defect;
        }
        Map<String, Object> detail = new java.util.LinkedHashMap<>(defect.detail());
        detail.put("decode", d.current().wireName());
        if (d.escalated()) {
            detail.put("escalation", d.reason().wireName());
        }
        return new Defect(
                defect.type(), defect.startSec(), defect.endSec(), defect.severity(), detail, defect.openAtEnd());
    }

    /** Defects found in the pictures, whose measurement depends on how they were decoded. */
    private static boolean lookedAtPictures(Defect defect) {
        DefectType t = defect.type().builtIn().orElse(null);
        return defect.type().isModel()
                || t == DefectType.FREEZE
                || t == DefectType.BLACK
                || t == DefectType.BLOCKINESS
                || t == DefectType.CORRUPTION;
    }

    public String name() {
        return config.name();
    }

    public void start() {
        decode.started(System.nanoTime());
        for (StreamEvent e : unavailable) {
            lanes.now(() -> listener.onStreamEvent(e));
        }
        // the manifest poller runs on the shared timer and reports on this session's lane; a stall names its cause
        // the poller sends the source's credentials to the source's own origin only (see ManifestHttp)
        String credentialed = config.sourceOptions().credentials().applyTo(config.url());
        if (manifest != null
                && manifest.start(credentialed, pool.timer(), this::sessionNow, lanes::now, manifestReports())
                && stall != null) {
            stall.explainWith(manifest.stallCause());
        }
        decodeThread = new Thread(this::run, "vigil-decode-" + config.name());
        decodeThread.setDaemon(true);
        decodeThread.start();
    }

    /**
     * Asks the session to stop; open defects are reported as open at the end. Returns at once; the session
     * finishes within about a second. A read blocked inside FFmpeg returns within the read timeout, after
     * which the decode thread ends and closes the connection.
     */
    public void stop() {
        stopping = true;
        decode.stop();
        MediaSource s = current;
        if (s != null) {
            s.abort();
        }
        if (decodeThread != null) {
            decodeThread.interrupt();
        }
        try {
            pool.timer().schedule(() -> finish(null), 1, TimeUnit.SECONDS);
        } catch (RejectedExecutionException poolClosed) {
            finish(null);
        }
    }

    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How it ended, once {@link #awaitFinished} returned true. */
    public SessionResult result() {
        return result;
    }

    /** Video frames decoded so far; read by metrics. */
    public long videoFramesDecoded() {
        return decode.videoFrames();
    }

    /** Live sources: how far the newest decoded media is behind real time, in seconds; 0 for files. */
    public double decodeLagSec() {
        SessionClock c = clock;
        return c == null ? 0 : c.lagSec(System.nanoTime());
    }

    /** Items decoded but not yet analysed: a measure of detector lag. */
    public int backlog() {
        return lanes.backlog();
    }

    /** The connection loop, on the decode thread. */
    private void run() {
        String error = null;
        var backoff = BackoffPolicy.jittered(config.reconnectInitial(), config.reconnectMax())
                .attempts();
        boolean everConnected = false;
        boolean reportedDown = false;
        try {
            while (!stopping) {
                MediaSource source = new MediaSource(decodeUrl(), config.sourceOptions(), probes.byteTap());
                try {
                    StreamFacts opened = source.open();
                    current = source;
                    if (stopping) {
                        break;
                    }
                    connected(opened, source);
                    everConnected = true;
                    reportedDown = false;
                    backoff.reset();
                    String drop = decode.pump(source);
                    // a live connection that ends without a reason ended because the duration was reached
                    if (stopping || !source.isLive() || drop == null) {
                        error = stopping ? null : drop;
                        break;
                    }
                    lanes.inOrder(() -> listener.onStreamEvent(event(StreamEvent.Kind.STREAM_DOWN, drop)), false);
                    reportedDown = true;
                } catch (SourceException e) {
                    if (!everConnected && config.failOnFirstOpen()) {
                        error = e.getMessage();
                        break;
                    }
                    if (!reportedDown) {
                        reportedDown = true;
                        String msg = e.getMessage();
                        lanes.now(() -> listener.onStreamEvent(event(StreamEvent.Kind.STREAM_DOWN, msg)));
                    }
                } finally {
                    current = null;
                    source.close();
                }
                double mediaSec = clock == null ? 0 : clock.lastMediaSec();
                if (stopping || decode.durationReached(mediaSec, clock != null)) {
                    break;
                }
                Thread.sleep(backoff.next().toMillis());
            }
        } catch (InterruptedException e) {
            // stop() interrupts sleeps and waits
        } catch (RuntimeException | LinkageError e) {
            // a LinkageError: FFmpeg's natives failed to load; the session must end visibly, not vanish
            error = "internal error: " + e;
        }
        decodeCpuNanos =
                java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        escalation.close();
        finish(error);
    }

    private void connected(StreamFacts opened, MediaSource source) throws InterruptedException {
        connectedNanos = System.nanoTime();
        if (clock == null) {
            clock = new SessionClock(source.isLive(), stallGapSec());
            decode.useClock(clock);
            if (source.isLive()) {
                ticker = pool.timer().scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
            }
        }
        clock.reconnected();
        probes.connected(source.isTapped(), opened);
        probes.collect(nanToZero(clock.lastMediaSec()), lanes); // before the new connection's media
        List<StreamEvent> changes = facts.connected(opened, Math.max(0, nanToZero(clock.lastMediaSec())));
        lanes.inOrder(
                () -> {
                    listener.onStreamUp(opened);
                    changes.forEach(listener::onStreamEvent);
                },
                false);
    }

    /** An HLS ladder is decoded through the rendition the manifest detector chose (it waits for the first read). */
    private String decodeUrl() {
        return manifest == null
                ? config.url()
                : manifest.decodeUrl(config.url(), config.sourceOptions().openTimeout());
    }

    /** The session's timeline now (live sources; NaN before the first frame). */
    private double sessionNow() {
        SessionClock c = clock;
        return c == null ? Double.NaN : c.now(System.nanoTime());
    }

    private ManifestReports manifestReports() {
        return new ManifestReports() {
            @Override
            public void onEvent(double atSec, String kind, String message, Map<String, Object> detail) {
                listener.onStreamEvent(new StreamEvent(atSec, kind, message, detail));
            }

            @Override
            public void onFacts(ManifestFacts facts) {
                listener.onObservation(facts);
            }
        };
    }

    private double stallGapSec() {
        DetectorSettings s = config.detectors().get(DetectorName.of(DefectType.STALL));
        return s != null && s.enabled() ? s.threshold("gapSec") : 2.0;
    }

    /** Timer: ticks the detectors while a live source delivers nothing, and ends a live session on time. */
    private void tick() {
        long now = System.nanoTime();
        if (Double.isNaN(clock.lastMediaSec()) && (now - connectedNanos) / 1e9 >= stallGapSec()) {
            clock.startWithoutMedia(connectedNanos); // connected, but no media at all: that is a stall too
        }
        if (clock.lagSec(now) > 2.0 * TICK_MS / 1000) {
            lanes.tick(clock.now(now));
        }
        if (decode.durationReached(clock.lastMediaSec(), true)) {
            stop();
        }
    }

    private StreamEvent event(StreamEvent.Kind kind, String message) {
        double t = clock == null ? 0 : Math.max(0, nanToZero(clock.lastMediaSec()));
        return new StreamEvent(t, kind, message, Map.of());
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private void finish(String error) {
        if (!finishing.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> t = ticker;
        if (t != null) {
            t.cancel(false);
        }
        double end = decode.mediaEndSec();
        if (clock != null && t != null) {
            // a live stream that stopped delivering before the end: the stall lasts until now
            double now = clock.now(System.nanoTime());
            end = Double.isNaN(now) ? end : Math.max(end, now);
        }
        SessionResult r =
                new SessionResult(end, decode.videoFrames(), decode.audioBlocks(), error, decodeCpuNanos / 1e9);
        try {
            lanes.finish(end, () -> {
                result = r;
                listener.onFinished(r);
                finished.countDown();
            });
        } catch (RejectedExecutionException poolClosed) {
            // the worker shut its detector pool while this session was still closing its source
            result = r;
            finished.countDown();
        }
    }
}
