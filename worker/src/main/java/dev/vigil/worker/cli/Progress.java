package dev.vigil.worker.cli;

import java.util.Locale;

/** The one-line progress indicator {@code vigil analyze} rewrites on stderr. */
final class Progress {

    private Progress() {}

    /** @param totalSec holder of the media duration, 0 for live sources */
    static String line(double mediaSec, double[] totalSec) {
        double total = totalSec[0];
        if (total > 0) {
            int pct = (int) Math.min(100, Math.round(100 * mediaSec / total));
            return String.format(Locale.ROOT, "\ranalysing %6.1f / %.1f s  %3d%%", mediaSec, total, pct);
        }
        return String.format(Locale.ROOT, "\ranalysing %6.1f s (live)", mediaSec);
    }
}
