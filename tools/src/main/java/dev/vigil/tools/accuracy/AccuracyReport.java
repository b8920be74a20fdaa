package dev.vigil.tools.accuracy;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's figures as Markdown: the per-type table, short events' severity, and every failure. */
final class AccuracyReport {

    /** FFmpeg's counterpart of each of Vigil's detectors, as named in the table. */
    private static final Map<String, String> FFMPEG_NAMES = Map.of(
            "freeze",
            "freezedetect",
            "black",
            "blackdetect",
            "blockiness",
            "blockdetect",
            "silence",
            "silencedetect",
            "clipping",
            "astats check");

    private AccuracyReport() {}

    static void print(PrintStream out, Evaluation.Result r, FfmpegBaseline baseline) {
        Map<String, Scorer.TypeScore> vigil = Scorer.score(r.clips(), r.vigil());
        List<List<Detection>> ffmpegDetections = r.ffmpeg() == null
                ? null
                : r.ffmpeg().stream().map(baseline::detections).toList();
        Map<String, Scorer.TypeScore> ffmpeg =
                ffmpegDetections == null ? null : Scorer.score(r.clips(), ffmpegDetections);
        out.printf(
                Locale.ROOT,
                "Split `%s`: %d clips, %d labelled defects; Vigil analysed them in %.1f s.%n%n",
                r.split(),
                r.clips().size(),
                r.clips().stream().mapToInt(c -> c.labels().size()).sum(),
                r.vigilSec());
        if (r.decoded() != null && (r.decoded().escalations() > 0 || r.decoded().share() < 0.999)) {
            out.printf(
                    Locale.ROOT,
                    "Vigil decoded %.0f%% of the pictures, with %d escalations to full decoding.%n%n",
                    100 * r.decoded().share(),
                    r.decoded().escalations());
        }
        out.println(
                "| defect | labels | Vigil P | Vigil R | **Vigil F1** (TP/FP/FN) | FFmpeg filter | FFmpeg P | FFmpeg R "
                        + "| **FFmpeg F1** (TP/FP/FN) |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (String type : Scorer.TYPES) {
            Scorer.TypeScore v = vigil.get(type);
            out.printf(
                    Locale.ROOT,
                    "| %s | %d | %.2f | %.2f | **%.2f** (%d/%d/%d) | ",
                    type,
                    v.labels(),
                    v.precision(),
                    v.recall(),
                    v.f1(),
                    v.truePositives(),
                    v.falsePositives(),
                    v.falseNegatives());
            if (ffmpeg == null) {
                out.println("- | - | - | - |");
            } else {
                Scorer.TypeScore f = ffmpeg.get(type);
                out.printf(
                        Locale.ROOT,
                        "%s | %.2f | %.2f | **%.2f** (%d/%d/%d) |%n",
                        FFMPEG_NAMES.get(type),
                        f.precision(),
                        f.recall(),
                        f.f1(),
                        f.truePositives(),
                        f.falsePositives(),
                        f.falseNegatives());
            }
        }
        out.println();
        shortEvents(out, r);
        out.println();
        out.println("Vigil's failures:");
        List<Scorer.Failure> failures = Scorer.failures(r.clips(), r.vigil());
        if (failures.isEmpty()) {
            out.println("- none");
        }
        failures.forEach(f -> out.println("- " + f.describe()));
        if (ffmpegDetections != null) {
            out.println();
            out.printf(
                    Locale.ROOT,
                    "FFmpeg's failures (blockdetect threshold %.2f, clipping: peak >= %.2f dBFS reached >= %.0f"
                            + " times in 50 ms):%n",
                    baseline.blockThreshold(),
                    baseline.clipLevelDb(),
                    baseline.clipPeakCount());
            Scorer.failures(r.clips(), ffmpegDetections).forEach(f -> out.println("- " + f.describe()));
        }
    }

    /** Freezes and blacks shorter than the 2 s raise time should be reported as minor, longer ones as major. */
    private static void shortEvents(PrintStream out, Evaluation.Result r) {
        int[] counts = new int[4]; // short found, short minor, long found, long major
        Scorer.match(r.clips(), r.vigil(), (clip, type, label, detection) -> {
            if (label == null || detection == null || !(type.equals("freeze") || type.equals("black"))) {
                return;
            }
            boolean isShort = label.durationSec() < 2.0 - 1e-6;
            counts[isShort ? 0 : 2]++;
            if (isShort == "minor".equals(detection.severity())) {
                counts[isShort ? 1 : 3]++;
            }
        });
        out.printf(
                Locale.ROOT,
                "Severity of the freezes and blacks found: %d of %d shorter than 2 s reported as minor, "
                        + "%d of %d of 2 s or more as major.%n",
                counts[1],
                counts[0],
                counts[3],
                counts[2]);
    }
}
