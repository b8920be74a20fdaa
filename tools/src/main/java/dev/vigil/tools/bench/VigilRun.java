package dev.vigil.tools.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.catalog.DetectorCatalog;
import dev.vigil.worker.escalation.DecodeState;
import dev.vigil.worker.session.DetectorPool;
import dev.vigil.worker.session.SessionConfig;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.SessionResult;
import dev.vigil.worker.session.StreamSession;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs Vigil's own sessions over a clip and measures the process CPU time and wall time they took. */
final class VigilRun {

    /** @param jitSec time the JIT compilers spent during the run (their threads' CPU is part of {@code cpuSec}) */
    record Result(
            double cpuSec,
            double decodeThreadCpuSec,
            double wallSec,
            long videoFrames,
            long defects,
            double jitSec,
            long escalations) {

        /** The JIT's share of the run's CPU. */
        double jitShare() {
            return cpuSec > 0 ? jitSec / cpuSec : 0;
        }
    }

    private VigilRun() {}

    /** {@code sessions} concurrent sessions over the same clip, all default detectors, as fast as possible. */
    static Result analyse(Path clip, int sessions, int poolThreads) throws InterruptedException {
        return analyse(clip, sessions, poolThreads, false);
    }

    /** @param realTime pace each session at real time, as a live stream arrives */
    static Result analyse(Path clip, int sessions, int poolThreads, boolean realTime) throws InterruptedException {
        return analyse(clip, sessions, poolThreads, realTime, DetectorCatalog.allDefaults());
    }

    static Result analyse(
            Path clip, int sessions, int poolThreads, boolean realTime, Map<DetectorName, DetectorSettings> detectors)
            throws InterruptedException {
        return analyse(clip, sessions, poolThreads, realTime, detectors, DecodeProfile.FULL);
    }

    /** One session over the clip with all default detectors, decoding in {@code profile} (escalation on). */
    static Result analyse(Path clip, DecodeProfile profile) throws InterruptedException {
        return analyse(clip, 1, 1, false, DetectorCatalog.allDefaults(), profile);
    }

    static Result analyse(
            Path clip,
            int sessions,
            int poolThreads,
            boolean realTime,
            Map<DetectorName, DetectorSettings> detectors,
            DecodeProfile profile)
            throws InterruptedException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] defects = new long[1];
        long[] escalations = new long[1];
        SessionListener count = new SessionListener() {
            @Override
            public void onDefectClosed(dev.vigil.worker.detect.Defect defect) {
                synchronized (defects) {
                    defects[0]++;
                }
            }

            @Override
            public void onDecodeChanged(DecodeState state) {
                synchronized (defects) {
                    escalations[0] = Math.max(escalations[0], state.escalations());
                }
            }
        };
        try (DetectorPool pool = new DetectorPool(poolThreads)) {
            List<StreamSession> running = new ArrayList<>();
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            long jit0 = jit.getTotalCompilationTime();
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            for (int i = 0; i < sessions; i++) {
                StreamSession s = new StreamSession(
                        SessionConfig.of(clip.toString(), detectors)
                                .withRealTime(realTime)
                                .withDecode(profile, true),
                        pool,
                        count);
                running.add(s);
                s.start();
            }
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
            long wall1 = System.nanoTime();
            long cpu1 = os.getProcessCpuTime();
            long jit1 = jit.getTotalCompilationTime();
            return new Result(
                    (cpu1 - cpu0) / 1e9,
                    decodeCpu,
                    (wall1 - wall0) / 1e9,
                    frames,
                    defects[0],
                    (jit1 - jit0) / 1e3,
                    escalations[0]);
        }
    }
}
