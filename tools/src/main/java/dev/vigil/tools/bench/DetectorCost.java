package dev.vigil.tools.bench;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.DetectorCatalog;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one detector adds to the worker's CPU for a stream, two ways, on the same clip in the same process, runs
 * alternating, each figure the least of its runs (interference only ever adds):
 * <ul>
 *   <li><b>whole runs</b>: Vigil with every default detector ÷ Vigil with all of them but this one. Honest but
 *       noisy: a few percent on a shared machine, the size of what is being measured.</li>
 *   <li><b>the detector's own work</b>: the CPU outside the decode thread (the detector lanes) of a session running
 *       this detector alone, less that of a session running only {@code stall} (next to nothing), added to the
 *       whole run without it. Decoding, the bulk and the noise of a run, is left out of the difference; what the
 *       detector does on the decode thread (its {@code StreamProbe}) is not counted by it.</li>
 * </ul>
 */
public final class DetectorCost {

    private DetectorCost() {
    }

    /** @return the ratio from the detector's own work (CPU with it ÷ CPU without it) */
    public static double measure(Path clip, DetectorName detector, int runs, PrintStream out)
            throws InterruptedException {
        Map<DetectorName, DetectorSettings> with = DetectorCatalog.allDefaults();
        Map<DetectorName, DetectorSettings> without = new TreeMap<>(with);
        if (without.remove(detector) == null) {
            throw new IllegalArgumentException("no detector '" + detector + "' among the defaults");
        }
        DetectorName stall = DetectorName.of(DefectType.STALL);
        Map<DetectorName, DetectorSettings> alone = Map.of(detector, with.get(detector), stall, with.get(stall));
        Map<DetectorName, DetectorSettings> idle = Map.of(stall, with.get(stall));
        double withCpu = Double.POSITIVE_INFINITY;
        double withoutCpu = Double.POSITIVE_INFINITY;
        double aloneLanes = Double.POSITIVE_INFINITY;
        double idleLanes = Double.POSITIVE_INFINITY;
        long frames = 0;
        for (int i = 0; i < runs; i++) {
            withoutCpu = Math.min(withoutCpu, VigilRun.analyse(clip, 1, 1, false, without).cpuSec());
            VigilRun.Result w = VigilRun.analyse(clip, 1, 1, false, with);
            withCpu = Math.min(withCpu, w.cpuSec());
            frames = w.videoFrames();
            aloneLanes = Math.min(aloneLanes, lanes(VigilRun.analyse(clip, 1, 1, false, alone)));
            idleLanes = Math.min(idleLanes, lanes(VigilRun.analyse(clip, 1, 1, false, idle)));
        }
        double own = Math.max(0, aloneLanes - idleLanes);
        double ratio = (withoutCpu + own) / withoutCpu;
        out.printf(Locale.ROOT, "Cost of %s on %s (least of %d alternating runs each):%n", detector, clip.getFileName(),
                runs);
        out.printf(Locale.ROOT, "  its own work: %.4f ms/frame on the detector lanes; Vigil without it %.3f ms/frame"
                + " → **%.3fx** (target ≤ 1.03)%n", own * 1000 / frames, withoutCpu * 1000 / frames, ratio);
        out.printf(Locale.ROOT, "  whole runs: %.3f ms/frame with it, %.3f without → %.3fx (noise of a few %% on a"
                + " shared machine)%n", withCpu * 1000 / frames, withoutCpu * 1000 / frames, withCpu / withoutCpu);
        return ratio;
    }

    /** CPU spent outside the session's decode thread: the detector lanes, plus the JVM's own (GC, JIT). */
    private static double lanes(VigilRun.Result r) {
        return r.cpuSec() - r.decodeThreadCpuSec();
    }
}
