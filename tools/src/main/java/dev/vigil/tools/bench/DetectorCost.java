package dev.vigil.tools.bench;

import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.catalog.DetectorCatalog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a group of detectors adds to Vigil's CPU: the same clip analysed with every default detector and with all
 * but the group, alternating, the least CPU of each kept (interference on a shared machine only ever adds time).
 */
final class DetectorCost {

    private DetectorCost() {
    }

    /** Prints one line: Vigil with all detectors ÷ Vigil without {@code group}, for each clip. */
    static void print(PrintStream out, String label, Set<DetectorName> group, int runs, Path... clips)
            throws InterruptedException {
        Map<DetectorName, DetectorSettings> all = DetectorCatalog.allDefaults();
        Map<DetectorName, DetectorSettings> without = new TreeMap<>(all);
        without.keySet().removeAll(group);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Cost of %s:", label));
        for (Path clip : clips) {
            double with = Double.MAX_VALUE;
            double bare = Double.MAX_VALUE;
            for (int i = 0; i < runs; i++) {
                bare = Math.min(bare, VigilRun.analyse(clip, 1, 1, false, without).cpuSec());
                with = Math.min(with, VigilRun.analyse(clip, 1, 1, false, all).cpuSec());
            }
            line.append(String.format(Locale.ROOT, " %s %.3f×", clip.getFileName(), with / bare));
        }
        out.println(line.append(" (Vigil with them ÷ Vigil without them, same run)"));
    }
}
