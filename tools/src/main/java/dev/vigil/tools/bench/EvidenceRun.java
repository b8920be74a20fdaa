package dev.vigil.tools.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.catalog.DetectorCatalog;
import dev.vigil.worker.evidence.EvidenceCapture;
import dev.vigil.worker.evidence.EvidenceNaming;
import dev.vigil.worker.evidence.EvidenceRecorder;
import dev.vigil.worker.session.DetectorPool;
import dev.vigil.worker.session.MediaTap;
import dev.vigil.worker.session.SessionConfig;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.SessionResult;
import dev.vigil.worker.session.StreamSession;
import dev.vigil.worker.source.MediaSource;
import dev.vigil.worker.source.Packet;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sessions over a clip with all default detectors, as {@link VigilRun} runs them, without or with evidence: the
 * packet ring alone (the recorder sees packets, no defect reaches it), or full capture (defects reach it too). Measures
 * process and decode-thread CPU, the ring's bytes and the process's resident memory at their peak.
 */
final class EvidenceRun {

    enum Mode {
        PLAIN,
        RING,
        CAPTURE
    }

    /**
     * @param tapNanos time spent in the recorder's packet calls on the decode threads (the ring's whole work there)
     * @param packets  packets the recorder was given
     */
    record Result(
            double cpuSec,
            double decodeCpuSec,
            long videoFrames,
            long peakRingBytes,
            long peakRssBytes,
            long defects,
            long tapNanos,
            long packets) {}

    private EvidenceRun() {}

    /**
     * @param capture the process's capture, for {@link Mode#RING} and {@link Mode#CAPTURE}; null for plain runs
     */
    static Result run(Path clip, int sessions, Mode mode, EvidenceCapture capture) throws InterruptedException {
        return run(clip, sessions, mode, capture, 0);
    }

    /** @param maxDurationSec stop after this much media; 0 for the whole clip */
    static Result run(Path clip, int sessions, Mode mode, EvidenceCapture capture, double maxDurationSec)
            throws InterruptedException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicLong defects = new AtomicLong();
        AtomicLong peakRing = new AtomicLong();
        AtomicLong peakRss = new AtomicLong();
        LongAdder tapNanos = new LongAdder();
        LongAdder packets = new LongAdder();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (DetectorPool pool = new DetectorPool(1)) {
            List<StreamSession> running = new ArrayList<>();
            long cpu0 = os.getProcessCpuTime();
            for (int i = 0; i < sessions; i++) {
                EvidenceRecorder recorder = mode == Mode.PLAIN
                        ? null
                        : capture.recorder(
                                "bench-" + i,
                                EvidenceNaming.forMediaTime(),
                                capture.ledger("bench", "s" + i),
                                Map.of());
                SessionListener listener = listener(defects, mode == Mode.CAPTURE ? recorder : null, recorder);
                StreamSession s = new StreamSession(
                        SessionConfig.of(clip.toString(), DetectorCatalog.allDefaults()).toBuilder()
                                .name("bench-" + i)
                                .maxDurationSec(maxDurationSec)
                                .build(),
                        pool,
                        listener,
                        recorder == null ? MediaTap.NONE : timed(recorder, tapNanos, packets));
                running.add(s);
            }
            if (capture != null) {
                sampler.scheduleAtFixedRate(
                        () -> peakRing.accumulateAndGet(capture.ringBytes(), Math::max), 20, 20, TimeUnit.MILLISECONDS);
            }
            sampler.scheduleAtFixedRate(() -> peakRss.accumulateAndGet(rss(), Math::max), 0, 20, TimeUnit.MILLISECONDS);
            running.forEach(StreamSession::start);
            long frames = 0;
            double decodeCpu = 0;
            for (StreamSession s : running) {
                if (!s.awaitFinished(Duration.ofMinutes(30))) {
                    throw new IllegalStateException("session did not finish");
                }
                SessionResult r = s.result();
                if (r.failed()) {
                    throw new IllegalStateException(r.error());
                }
                frames += r.videoFrames();
                decodeCpu += r.decodeCpuSec();
            }
            if (capture != null && !capture.awaitIdle(Duration.ofMinutes(5))) {
                throw new IllegalStateException("captures did not finish");
            }
            long cpu1 = os.getProcessCpuTime();
            return new Result(
                    (cpu1 - cpu0) / 1e9,
                    decodeCpu,
                    frames,
                    peakRing.get(),
                    peakRss.get(),
                    defects.get(),
                    tapNanos.sum(),
                    packets.sum());
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(1, TimeUnit.SECONDS);
        }
    }

    /** The recorder, with the time its packet calls take on the decode thread added up. */
    private static MediaTap timed(EvidenceRecorder recorder, LongAdder nanos, LongAdder packets) {
        return new MediaTap() {
            @Override
            public void onConnected(MediaSource source) {
                recorder.onConnected(source);
            }

            @Override
            public void onPacket(Packet packet, double sessionSec) {
                long t0 = System.nanoTime();
                recorder.onPacket(packet, sessionSec);
                nanos.add(System.nanoTime() - t0);
                packets.increment();
            }

            @Override
            public void onDisconnected() {
                recorder.onDisconnected();
            }
        };
    }

    /** Counts closed defects; with capture, the recorder hears of defects first; it always hears the end. */
    private static SessionListener listener(AtomicLong defects, EvidenceRecorder capturing, EvidenceRecorder ending) {
        return new SessionListener() {
            @Override
            public void onDefectOpened(Defect defect) {
                if (capturing != null) {
                    capturing.onDefectOpened(defect);
                }
            }

            @Override
            public void onDefectClosed(Defect defect) {
                defects.incrementAndGet();
            }

            @Override
            public void onProgress(double mediaSec) {
                if (capturing != null) {
                    capturing.onProgress(mediaSec);
                }
            }

            @Override
            public void onFinished(SessionResult result) {
                if (ending != null) {
                    ending.onFinished(result);
                }
            }
        };
    }

    /** Resident set size of this process, bytes (Linux). */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
