package dev.vigil.worker.report;

import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.sync.AvSyncMeasurement;
import dev.vigil.worker.escalation.DecodeState;
import dev.vigil.worker.escalation.EscalationReason;
import dev.vigil.worker.session.SessionResult;
import dev.vigil.worker.session.StreamEvent;
import dev.vigil.worker.source.StreamFacts;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The human-readable report: stream facts, every defect, events, and a summary table per detector. */
public final class TextReport {

    private TextReport() {}

    public static void print(
            PrintStream out, String source, AnalysisReport report, Set<DetectorName> enabled, double wallSec) {
        SessionResult r = report.result();
        StreamFacts f = report.facts();
        out.println("Vigil analysis of " + source);
        if (f != null) {
            out.println("  stream   " + describe(f));
        }
        if (report.manifest() != null) {
            out.println("  manifest " + describe(report.manifest()));
        }
        if (r != null) {
            out.printf(
                    Locale.ROOT,
                    "  analysed %.2f s of media (%d video frames, %d audio buffers) in %.1f s%s%n",
                    r.mediaSec(),
                    r.videoFrames(),
                    r.audioBlocks(),
                    wallSec,
                    wallSec > 0 && r.mediaSec() > 0
                            ? String.format(Locale.ROOT, " (%.1fx real time)", r.mediaSec() / wallSec)
                            : "");
        }
        if (report.avSync() != null) {
            out.println("  a/v sync " + describe(report.avSync()));
        }
        DecodeState decode = report.decode();
        if (decode != null && decode.profile() != DecodeProfile.FULL) {
            out.printf(
                    Locale.ROOT,
                    "  decode   %s%s, %d escalation%s to full%s%s%n",
                    decode.profile().wireName(),
                    decode.sparseKeys() ? " (key pictures too far apart: decoded in economy)" : "",
                    decode.escalations(),
                    decode.escalations() == 1 ? "" : "s",
                    report.escalatedFor().isEmpty()
                            ? ""
                            : " ("
                                    + report.escalatedFor().stream()
                                            .sorted()
                                            .map(EscalationReason::wireName)
                                            .collect(Collectors.joining(", "))
                                    + ")",
                    decode.refused() > 0 ? ", " + decode.refused() + " refused" : "");
        }
        if (report.transport() != null && !report.transport().nonZero().isEmpty()) {
            out.println("  TR 101 290 "
                    + report.transport().nonZero().entrySet().stream()
                            .map(e -> e.getKey().wireName() + "=" + e.getValue())
                            .collect(Collectors.joining(" ")));
        }
        if (f != null && !f.hasVideo()) {
            out.println("  note     no video stream: video detectors idle");
        }
        if (f != null && !f.hasAudio()) {
            out.println("  note     no audio stream: audio detectors idle");
        }
        List<Defect> defects = report.defects();
        out.println();
        if (defects.isEmpty()) {
            out.println("No defects found.");
        } else {
            out.println("Defects");
            out.printf(
                    Locale.ROOT,
                    "  %-16s %9s %9s %9s  %-8s  %s%n",
                    "TYPE",
                    "START",
                    "END",
                    "DURATION",
                    "SEVERITY",
                    "DETAIL");
            for (Defect d : defects) {
                out.printf(
                        Locale.ROOT,
                        "  %-16s %9.2f %9s %9.2f  %-8s  %s%n",
                        d.type().wireName(),
                        d.startSec(),
                        String.format(Locale.ROOT, "%.2f%s", d.endSec(), d.openAtEnd() ? "+" : ""),
                        d.durationSec(),
                        d.severity().wireName(),
                        detail(d.detail()));
            }
            if (defects.stream().anyMatch(Defect::openAtEnd)) {
                out.println("  (+ still open when the analysis ended)");
            }
        }
        List<StreamEvent> events = report.events();
        if (!events.isEmpty()) {
            out.println();
            out.println("Events");
            for (StreamEvent e : events) {
                out.printf(
                        Locale.ROOT, "  %9.2f  %-17s %s%n", e.atSec(), e.kind().wireName(), e.message());
            }
        }
        out.println();
        out.println("Summary");
        out.printf(Locale.ROOT, "  %-16s %7s %10s%n", "DETECTOR", "DEFECTS", "TOTAL (s)");
        Map<DetectorName, double[]> totals = new TreeMap<>();
        enabled.forEach(t -> totals.put(t, new double[2]));
        for (Defect d : defects) {
            double[] t = totals.computeIfAbsent(d.type(), k -> new double[2]);
            t[0]++;
            t[1] += d.durationSec();
        }
        totals.forEach((type, t) -> out.printf(Locale.ROOT, "  %-16s %7d %10.2f%n", type.wireName(), (int) t[0], t[1]));
        if (r != null && r.failed()) {
            out.println();
            out.println("Source error: " + r.error());
        }
    }

    /**
     * The evidence written for each defect: a line per defect with its files, or why there are none.
     *
     * @param files the defect's files (paths as the user will type them), or a one-line reason when none
     */
    public static void printEvidence(
            PrintStream out,
            String where,
            List<Defect> defects,
            java.util.function.Function<Defect, List<String>> files) {
        if (defects.isEmpty()) {
            return;
        }
        out.println();
        out.println("Evidence (" + where + ")");
        for (Defect d : defects) {
            out.printf(Locale.ROOT, "  %-16s %9.2f  %s%n", d.key(), d.startSec(), String.join("  ", files.apply(d)));
        }
    }

    static String describe(StreamFacts f) {
        StringBuilder s = new StringBuilder(f.container());
        if (f.hasVideo()) {
            s.append(String.format(
                    Locale.ROOT,
                    " | video %s %s %.2f fps %s",
                    f.videoCodec(),
                    f.resolution(),
                    f.frameRate(),
                    f.pixelFormat()));
        }
        if (f.hasAudio()) {
            s.append(String.format(
                    Locale.ROOT, " | audio %s %d Hz %s", f.audioCodec(), f.sampleRate(), f.channelLayout()));
        }
        if (f.bitrate() > 0) {
            s.append(String.format(Locale.ROOT, " | %.2f Mb/s", f.bitrate() / 1e6));
        }
        return s.toString();
    }

    static String describe(dev.vigil.worker.detect.manifest.ManifestFacts m) {
        StringBuilder s = new StringBuilder(m.format());
        s.append(String.format(
                Locale.ROOT,
                " | target %.0f s | window %.1f s (%d segments) | %d rendition%s",
                m.targetDurationSec(),
                m.windowSec(),
                m.segments(),
                m.renditions(),
                m.renditions() == 1 ? "" : "s"));
        if (m.rendition() != null) {
            s.append(" | decoding ").append(m.rendition());
        }
        return s.append(" | sequence ").append(m.mediaSequence()).toString();
    }

    /** E.g. {@code +240 ms (sound late), out of tolerance (-90..+185 ms), by content, confidence 0.92}. */
    static String describe(AvSyncMeasurement m) {
        String tolerance = String.format(
                Locale.ROOT,
                "-%.0f..+%.0f ms",
                m.tolerance().soundEarlyMs(),
                m.tolerance().soundLateMs());
        if (!m.isKnown()) {
            return "unknown (" + m.reason() + ")";
        }
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "%+.0f ms (sound %s), %s (%s), by %s, confidence %.2f",
                m.offsetMs(),
                m.offsetMs() > 0 ? "late" : "early",
                m.state() == AvSyncMeasurement.State.IN_TOLERANCE ? "in tolerance" : "out of tolerance",
                tolerance,
                m.method().wireName(),
                m.confidence()));
        if (!Double.isNaN(m.driftMsPerMin())) {
            s.append(String.format(Locale.ROOT, ", drift %+.1f ms/min", m.driftMsPerMin()));
        }
        return s.toString();
    }

    private static String detail(Map<String, Object> detail) {
        return detail.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
