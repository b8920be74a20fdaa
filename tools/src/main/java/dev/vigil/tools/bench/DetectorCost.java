package dev.vigil.tools.bench;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.catalog.DetectorCatalog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a detector, or a group of detectors, adds to the worker's CPU for a stream, two ways, on the same clip in
 * the same process, runs alternating, each figure the least of its runs (interference only ever adds):
 * <ul>
 *   <li><b>whole runs</b>: Vigil with every default detector ÷ Vigil with all of them but the group. Honest and
 *       complete (work on the decode thread included, such as the transport analyzer reading every byte), but
 *       noisy: a few percent on a shared machine, the size of what is being measured.</li>
 *   <li><b>the group's own work</b>: the CPU outside the decode thread (the detector lanes) of a session running
 *       the group alone, less that of a session running only {@code stall} (next to nothing), added to the whole
 *       run without it. Decoding, the bulk and the noise of a run, is left out of the difference; what the group
 *       does on the decode thread (its {@code StreamProbe}s) is not counted by it.</li>
 * </ul>
 */
public final class DetectorCost {

    private DetectorCost() {}

    /** @return the whole-run ratio (CPU with the group ÷ CPU without it) */
    public static double measure(Path clip, Set<DetectorName> group, int runs, PrintStream out)
            throws InterruptedException {
        Map<DetectorName, DetectorSettings> with = DetectorCatalog.allDefaults();
        Map<DetectorName, DetectorSettings> without = new TreeMap<>(with);
        DetectorName stall = DetectorName.of(DefectType.STALL);
        Map<DetectorName, DetectorSettings> alone = new HashMap<>();
        for (DetectorName d : group) {
            if (without.remove(d) == null) {
                throw new IllegalArgumentException("no detector '" + d + "' among the defaults");
            }
            alone.put(d, with.get(d));
        }
        alone.put(stall, with.get(stall));
        Map<DetectorName, DetectorSettings> idle = Map.of(stall, with.get(stall));
        double withCpu = Double.POSITIVE_INFINITY;
        double withoutCpu = Double.POSITIVE_INFINITY;
        double aloneLanes = Double.POSITIVE_INFINITY;
        double idleLanes = Double.POSITIVE_INFINITY;
        long frames = 0;
        for (int i = 0; i < runs; i++) {
            withoutCpu = Math.min(
                    withoutCpu, VigilRun.analyse(clip, 1, 1, false, without).cpuSec());
            VigilRun.Result w = VigilRun.analyse(clip, 1, 1, false, with);
            withCpu = Math.min(withCpu, w.cpuSec());
            frames = w.videoFrames();
            aloneLanes = Math.min(aloneLanes, lanes(VigilRun.analyse(clip, 1, 1, false, alone)));
            idleLanes = Math.min(idleLanes, lanes(VigilRun.analyse(clip, 1, 1, false, idle)));
        }
        double own = Math.max(0, aloneLanes - idleLanes);
        String names = group.stream().map(DetectorName::wireName).sorted().collect(Collectors.joining(" + "));
        out.printf(
                Locale.ROOT,
                "Cost of %s on %s (least of %d alternating runs each):%n",
                names,
                clip.getFileName(),
                runs);
        out.printf(
                Locale.ROOT,
                "  whole runs: %.3f ms/frame with it, %.3f without → **%.3fx** (target ≤ 1.03)%n",
                withCpu * 1000 / frames,
                withoutCpu * 1000 / frames,
                withCpu / withoutCpu);
        out.printf(
                Locale.ROOT,
                "  its work on the detector lanes: %.4f ms/frame → %.3fx (decode-thread probes not" + " counted)%n",
                own * 1000 / frames,
                (withoutCpu + own) / withoutCpu);
        return withCpu / withoutCpu;
    }

    /** CPU spent outside the session's decode thread: the detector lanes, plus the JVM's own (GC, JIT). */
    private static double lanes(VigilRun.Result r) {
        return r.cpuSec() - r.decodeThreadCpuSec();
    }
}
