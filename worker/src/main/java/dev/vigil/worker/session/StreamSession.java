package dev.vigil.worker.session;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.kube.BackoffPolicy;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorCatalog;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorUnavailableException;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.stream.StallDetector;
import dev.vigil.worker.media.AudioBlock;
import dev.vigil.worker.media.FrameAnalyzer;
import dev.vigil.worker.media.LumaSampling;
import dev.vigil.worker.media.VideoFeatures;
import dev.vigil.worker.source.MediaSource;
import dev.vigil.worker.source.SourceException;
import dev.vigil.worker.source.StreamFacts;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacv.Frame;

/**
 * Watches one stream: a decode thread of its own reads the source once, derives per-frame features on
 * the spot, and passes them (never the frames) through a bounded {@link SerialLane} to the detectors,
 * which run on the worker's shared {@link DetectorPool}. Live sources are reconnected with backoff; the
 * time they are down counts as stall.
 */
public final class StreamSession {

    private static final long TICK_MS = 250;
    private static final int MAX_CONSECUTIVE_FILE_ERRORS = 50;

    private final SessionConfig config;
    private final SessionListener listener;
    private final DetectorPool pool;
    private final SerialLane lane;
    private final LaneBatch batch;
    private final List<Detector> detectors = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final FrameAnalyzer analyzer = new FrameAnalyzer();
    private final List<StreamEvent> unavailable = new ArrayList<>();

    private volatile boolean stopping;
    private volatile MediaSource current;
    private volatile SessionResult result;
    private volatile SessionClock clock;
    private StallDetector stall;
    private volatile ScheduledFuture<?> ticker;
    private Thread decodeThread;

    // decode-thread state
    private StreamFacts facts;
    private volatile long videoFrames;
    private volatile long audioBlocks;
    private volatile double mediaEndSec;
    private volatile long decodeCpuNanos;
    private double nextProgressSec = 1;
    private long startNanos;
    private long bitrateBytes = -1;
    private double bitrateSinceSec;

    public StreamSession(SessionConfig config, DetectorPool pool, SessionListener listener) {
        this.config = config;
        this.pool = pool;
        this.listener = listener;
        this.lane = new SerialLane(pool.workers(), config.laneCapacity());
        this.batch = new LaneBatch(lane);
        DefectSink sink = new DefectSink() {
            @Override
            public void opened(Defect defect) {
                listener.onDefectOpened(defect);
            }

            @Override
            public void closed(Defect defect) {
                listener.onDefectClosed(defect);
            }
        };
        List<LumaSampling> sampling = new ArrayList<>();
        for (Map.Entry<DetectorName, DetectorSettings> e : config.detectors().entrySet()) {
            if (!e.getValue().enabled()) {
                continue;
            }
            Detector d;
            try {
                d = DetectorCatalog.create(e.getKey(), e.getValue(), sink);
            } catch (DetectorUnavailableException unusable) {
                // a broken model costs this detector only: reported once the session starts, the others run
                unavailable.add(new StreamEvent(0, "detectorFailed", unusable.getMessage(),
                        Map.of("detector", e.getKey().wireName(), "severity", e.getValue().severity().wireName())));
                continue;
            }
            detectors.add(d);
            if (d.lumaSampling() != null) {
                sampling.add(d.lumaSampling());
            }
            if (d instanceof StallDetector s) {
                stall = s;
            }
        }
        analyzer.withLumaSampling(sampling);
    }

    public String name() {
        return config.name();
    }

    public void start() {
        startNanos = System.nanoTime();
        for (StreamEvent e : unavailable) {
            lane.submitNow(() -> listener.onStreamEvent(e));
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
        MediaSource s = current;
        if (s != null) {
            s.abort();
        }
        if (decodeThread != null) {
            decodeThread.interrupt();
        }
        try {
            pool.timer().schedule(() -> finish(null), 1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException poolClosed) {
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

    /** Video frames decoded so far; read by metrics (the decode thread only bumps a volatile counter). */
    public long videoFramesDecoded() {
        return videoFrames;
    }

    /** Live sources: how far the newest decoded media is behind real time, in seconds; 0 for files. */
    public double decodeLagSec() {
        SessionClock c = clock;
        return c == null ? 0 : c.lagSec(System.nanoTime());
    }

    /** Items decoded but not yet analysed: a measure of detector lag. */
    public int backlog() {
        return lane.backlog();
    }

    private void run() {
        String error = null;
        var backoff = BackoffPolicy.jittered(config.reconnectInitial(), config.reconnectMax()).attempts();
        boolean everConnected = false;
        boolean reportedDown = false;
        try {
            while (!stopping) {
                MediaSource source = new MediaSource(config.url(), config.sourceOptions());
                try {
                    StreamFacts opened = source.open();
                    current = source;
                    if (stopping) {
                        break;
                    }
                    onConnected(opened, source, everConnected);
                    everConnected = true;
                    reportedDown = false;
                    backoff.reset();
                    String drop = pump(source);
                    if (stopping || !source.isLive()) {
                        error = stopping ? null : drop;
                        break;
                    }
                    batch.flush();
                    lane.submit(() -> listener.onStreamEvent(event("streamDown", drop, Map.of())));
                    reportedDown = true;
                } catch (SourceException e) {
                    if (!everConnected && config.failOnFirstOpen()) {
                        error = e.getMessage();
                        break;
                    }
                    if (!reportedDown) {
                        reportedDown = true;
                        String msg = e.getMessage();
                        lane.submitNow(() -> listener.onStreamEvent(event("streamDown", msg, Map.of())));
                    }
                } finally {
                    current = null;
                    source.close();
                }
                if (!stopping && !durationReached(clock == null ? 0 : clock.lastMediaSec())) {
                    Thread.sleep(backoff.next().toMillis());
                } else {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // stop() interrupts sleeps and waits
        } catch (RuntimeException | LinkageError e) {
            // a LinkageError: FFmpeg's natives failed to load; the session must end visibly, not vanish
            error = "internal error: " + e;
        }
        decodeCpuNanos = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        finish(error);
    }

    private void onConnected(StreamFacts opened, MediaSource source, boolean reconnect) throws InterruptedException {
        if (clock == null) {
            clock = new SessionClock(source.isLive(), stallGapSec());
            if (source.isLive() && stall != null) {
                ticker = pool.timer().scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
            }
        }
        clock.reconnected();
        StreamFacts previous = facts;
        facts = opened;
        bitrateBytes = -1;
        batch.flush();
        lane.submit(() -> {
            listener.onStreamUp(opened);
            if (reconnect && previous != null) {
                reportFactChanges(previous, opened);
            }
        });
    }

    /** Decodes until the media ends, the source drops, the duration is reached or the session stops. */
    private String pump(MediaSource source) throws InterruptedException {
        int consecutiveErrors = 0;
        while (!stopping) {
            Frame frame;
            try {
                frame = source.next();
                consecutiveErrors = 0;
            } catch (SourceException e) {
                if (source.isLive() || ++consecutiveErrors >= MAX_CONSECUTIVE_FILE_ERRORS) {
                    return e.getMessage();
                }
                continue; // a corrupt packet in a file: skip it, as ffmpeg does
            }
            if (frame == null) {
                return source.isLive() ? "source ended" : null;
            }
            long now = System.nanoTime();
            double t = clock.map(frame.timestamp, now);
            if (config.realTime()) {
                pace(t);
            }
            if (frame.image != null && frame.image[0] != null) {
                onVideoFrame(frame, t);
            } else if (frame.samples != null && frame.samples[0] != null) {
                onAudioFrame(frame, t);
            }
            measureBitrate(source, t);
            if (t >= nextProgressSec) {
                nextProgressSec = Math.floor(t) + 1;
                batch.add(() -> listener.onProgress(t), false);
            }
            if (durationReached(t)) {
                return null;
            }
        }
        return null;
    }

    /** Holds a file back to real time: media time {@code t} is not analysed before t seconds have passed. */
    private void pace(double t) throws InterruptedException {
        long aheadNanos = startNanos + (long) (t * 1e9) - System.nanoTime();
        if (aheadNanos > 1_000_000) {
            TimeUnit.NANOSECONDS.sleep(aheadNanos);
        }
    }

    private void onVideoFrame(Frame frame, double t) throws InterruptedException {
        videoFrames++;
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        if (facts != null && facts.hasVideo() && (w != facts.width() || h != facts.height())) {
            StreamFacts before = facts;
            facts = facts.withResolution(w, h);
            StreamFacts after = facts;
            batch.add(() -> reportFactChanges(before, after), false);
        }
        double frameSec = facts != null && facts.frameRate() > 0 ? 1 / facts.frameRate() : 0.04;
        mediaEndSec = Math.max(mediaEndSec, t + frameSec);
        VideoFeatures features = analyzer.analyze((ByteBuffer) frame.image[0], frame.imageStride, w, h, t);
        batch.add(() -> deliver(d -> d.onVideo(features)), true);
    }

    private void onAudioFrame(Frame frame, double t) throws InterruptedException {
        audioBlocks++;
        int channels = frame.samples.length;
        int length = frame.samples[0].limit();
        float[][] pcm = new float[channels][length];
        for (int c = 0; c < channels; c++) {
            ((FloatBuffer) frame.samples[c]).get(0, pcm[c], 0, length);
        }
        AudioBlock block = new AudioBlock(t, frame.sampleRate, pcm, length);
        mediaEndSec = Math.max(mediaEndSec, t + block.durationSec());
        batch.add(() -> deliver(d -> d.onAudio(block)), false);
    }

    private void measureBitrate(MediaSource source, double t) throws InterruptedException {
        if (bitrateBytes < 0) {
            bitrateBytes = source.bytesRead();
            bitrateSinceSec = t;
            return;
        }
        if (t - bitrateSinceSec >= 5) {
            long bytes = source.bytesRead();
            long bps = Math.round((bytes - bitrateBytes) * 8 / (t - bitrateSinceSec));
            bitrateBytes = bytes;
            bitrateSinceSec = t;
            if (bps > 0 && facts != null) {
                facts = facts.withBitrate(bps);
                StreamFacts updated = facts;
                batch.add(() -> listener.onStreamUp(updated), false);
            }
        }
    }

    private boolean durationReached(double mediaSec) {
        if (config.maxDurationSec() <= 0) {
            return false;
        }
        boolean live = current != null ? current.isLive() : clock != null;
        double elapsed = live ? (System.nanoTime() - startNanos) / 1e9 : mediaSec;
        return elapsed >= config.maxDurationSec();
    }

    private double stallGapSec() {
        DetectorSettings s = config.detectors().get(DetectorName.of(DefectType.STALL));
        return s != null && s.enabled() ? s.threshold("gapSec") : 2.0;
    }

    private void tick() {
        long now = System.nanoTime();
        if (clock.lagSec(now) > 2.0 * TICK_MS / 1000) {
            batch.flushFromTimer();
            double t = clock.now(now);
            lane.submitNow(() -> deliver(d -> {
                if (d == stall) {
                    stall.onTick(t);
                }
            }));
        }
        if (durationReached(clock.lastMediaSec())) {
            stop();
        }
    }

    private void deliver(java.util.function.Consumer<Detector> call) {
        if (finished.getCount() == 0) {
            return; // media decoded after the session finished (a stop racing a read) is not analysed
        }
        for (int i = 0; i < detectors.size(); i++) {
            Detector d = detectors.get(i);
            try {
                call.accept(d);
            } catch (RuntimeException e) {
                // one broken detector must not take the stream's other detectors down
                detectors.remove(i--);
                listener.onStreamEvent(event("detectorFailed", d.type() + " detector stopped: " + e,
                        Map.of("detector", d.type().wireName())));
            }
        }
    }

    private void reportFactChanges(StreamFacts before, StreamFacts after) {
        double t = clock.lastMediaSec();
        if (before.resolution() != null && after.resolution() != null && !before.resolution().equals(after.resolution())) {
            listener.onStreamEvent(new StreamEvent(t, "resolutionChanged",
                    "resolution changed from " + before.resolution() + " to " + after.resolution(),
                    Map.of("from", before.resolution(), "to", after.resolution())));
        }
        changed(t, "video codec", before.videoCodec(), after.videoCodec());
        changed(t, "audio codec", before.audioCodec(), after.audioCodec());
    }

    private void changed(double t, String what, String before, String after) {
        if (before != null && after != null && !before.equals(after)) {
            listener.onStreamEvent(new StreamEvent(t, "codecChanged", what + " changed from " + before + " to " + after,
                    Map.of("from", before, "to", after)));
        }
    }

    private StreamEvent event(String kind, String message, Map<String, Object> detail) {
        double t = clock == null ? 0 : Math.max(0, clock.lastMediaSec());
        return new StreamEvent(Double.isNaN(t) ? 0 : t, kind, message, detail);
    }

    private void finish(String error) {
        if (!finishing.compareAndSet(false, true)) {
            return;
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
        double end = mediaEndSec;
        if (clock != null && ticker != null) {
            // a live stream that stopped delivering before the end: the stall lasts until now
            double now = clock.now(System.nanoTime());
            end = Double.isNaN(now) ? end : Math.max(end, now);
        }
        double endSec = end;
        SessionResult r = new SessionResult(endSec, videoFrames, audioBlocks, error, decodeCpuNanos / 1e9);
        try {
            batch.flushFromTimer();
            lane.submitNow(() -> {
                deliver(d -> d.finish(endSec));
                result = r;
                listener.onFinished(r);
                finished.countDown();
            });
        } catch (java.util.concurrent.RejectedExecutionException poolClosed) {
            // the worker shut its detector pool while this session was still closing its source: nothing to report to
            result = r;
            finished.countDown();
        }
    }
}
