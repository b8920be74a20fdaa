package dev.vigil.tools.accuracy.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.tools.accuracy.integrity.IntegrityCorpus.Case;
import dev.vigil.tools.accuracy.integrity.IntegrityCorpus.Truth;
import dev.vigil.worker.ffmpeg.BundledFfmpeg;
import dev.vigil.worker.testing.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Scores Vigil's {@code corruption} and {@code transport} detectors, and FFmpeg's {@code blockdetect} as the
 * baseline, on an {@link IntegrityCorpus}: a truth is found when a defect of its kind overlaps it (±1 s: transport
 * errors are read ahead of the pictures they end up in); a defect that matches no truth and is not tolerated is a
 * false alarm. blockdetect gives a score per picture; a picture counts as damaged when its score exceeds the clip's
 * median by a factor chosen on the development part only.
 */
final class IntegrityEvaluation {

    static final double SLACK_SEC = 1.0;

    /** One defect as a detector reported it. */
    record Detected(String type, String check, double fromSec, double toSec) {}

    /** Found, missed and false alarms, per damage kind, for one detector. */
    static final class Tally {
        int found;
        int missed;
        int falseAlarms;

        double precision() {
            return found + falseAlarms == 0 ? 1 : found / (double) (found + falseAlarms);
        }

        double recall() {
            return found + missed == 0 ? 1 : found / (double) (found + missed);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        void add(Tally o) {
            found += o.found;
            missed += o.missed;
            falseAlarms += o.falseAlarms;
        }
    }

    /** Every miss and false alarm, for the report's "what still fails". */
    final List<String> notes = new ArrayList<>();

    /** Per detector ("corruption", "transport", "blockdetect"), per damage kind. */
    final Map<String, Map<String, Tally>> tallies = new TreeMap<>();

    static List<Detected> vigil(Case c) {
        CliRun run = CliRun.vigil(
                "analyze",
                "--format",
                "jsonl",
                "--detectors",
                "corruption,transport",
                c.media().toString());
        if (run.exitCode() != 0) {
            throw new IllegalStateException(c.label() + ": " + run);
        }
        List<Detected> out = new ArrayList<>();
        for (JsonNode d : run.defects()) {
            if (!d.has("type") || !d.has("startSec")) {
                continue; // event lines
            }
            String check = d.at("/detail/check").isMissingNode()
                    ? null
                    : d.at("/detail/check").asText();
            out.add(new Detected(
                    d.get("type").asText(),
                    check,
                    d.get("startSec").asDouble(),
                    d.get("endSec").asDouble()));
        }
        return out;
    }

    /** blockdetect's score per picture, with the picture's time from the first (seconds). */
    static double[][] blockdetect(Case c) throws IOException, InterruptedException {
        Path scores = Files.createTempFile("blockdetect", ".txt");
        try {
            Process p = new ProcessBuilder(
                            BundledFfmpeg.path(),
                            "-hide_banner",
                            "-loglevel",
                            "error",
                            "-i",
                            c.media().toString(),
                            "-an",
                            "-vf",
                            "blockdetect,metadata=mode=print:key=lavfi.block:file="
                                    + scores.toString().replace(":", "\\:"),
                            "-f",
                            "null",
                            "-")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("blockdetect failed on " + c.media());
            }
            List<double[]> frames = new ArrayList<>();
            double time = Double.NaN;
            for (String line : Files.readAllLines(scores, StandardCharsets.UTF_8)) {
                int i = line.indexOf("pts_time:");
                if (i >= 0) {
                    time = Double.parseDouble(line.substring(i + 9).trim().split("\\s+")[0]);
                } else if (line.startsWith("lavfi.block=")) {
                    double v = value(line.substring("lavfi.block=".length()).trim());
                    if (!Double.isNaN(v)) {
                        frames.add(new double[] {time, v});
                    }
                }
            }
            double first = frames.isEmpty() ? 0 : frames.get(0)[0];
            frames.forEach(f -> f[0] -= Double.isNaN(first) ? 0 : first);
            return frames.toArray(double[][]::new);
        } finally {
            Files.deleteIfExists(scores);
        }
    }

    /** blockdetect's number; it prints {@code inf} for pictures without any gradient inside blocks. */
    private static double value(String text) {
        return switch (text) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf", "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** Pictures scoring above the clip's median × {@code factor}, merged into intervals (gaps under 0.2 s). */
    static List<Detected> blockDefects(double[][] frames, double factor) {
        double[] values = Arrays.stream(frames).mapToDouble(f -> f[1]).sorted().toArray();
        double median = values.length == 0 ? 0 : values[values.length / 2];
        List<Detected> out = new ArrayList<>();
        double from = Double.NaN;
        double to = Double.NaN;
        for (double[] f : frames) {
            if (f[1] > median * factor) {
                if (!Double.isNaN(to) && f[0] - to > 0.2) {
                    out.add(new Detected("corruption", null, from, to));
                    from = Double.NaN;
                }
                if (Double.isNaN(from)) {
                    from = f[0];
                }
                to = f[0] + 0.04;
            }
        }
        if (!Double.isNaN(from)) {
            out.add(new Detected("corruption", null, from, to));
        }
        return out;
    }

    /** Scores one detector's defects on one case into its tally for the case's damage kind. */
    void score(String detector, Case c, List<Detected> detected, String onlyType) {
        Tally t = tallies.computeIfAbsent(detector, k -> new TreeMap<>()).computeIfAbsent(c.damage(), k -> new Tally());
        List<Detected> unmatched = new ArrayList<>(
                detected.stream().filter(d -> d.type().equals(onlyType)).toList());
        for (Truth truth : c.truths()) {
            if (!truth.type().equals(onlyType)) {
                continue;
            }
            List<Detected> hits =
                    unmatched.stream().filter(d -> matches(d, truth)).toList();
            if (hits.isEmpty()) {
                t.missed++;
                notes.add(detector + " missed " + truth + " in " + c.label() + "; it reported " + detected);
            } else {
                t.found++;
                unmatched.removeAll(hits);
            }
        }
        for (Detected d : unmatched) {
            boolean tolerated = c.tolerated().contains(d.type())
                    || c.tolerated().contains(d.type() + "/" + d.check())
                    || c.truths().stream().anyMatch(tr -> matches(d, tr)); // a second defect for a found truth
            if (!tolerated) {
                t.falseAlarms++;
                notes.add(detector + " false alarm " + d + " in " + c.label() + "; truth " + c.truths());
            }
        }
    }

    private static boolean matches(Detected d, Truth truth) {
        if (!d.type().equals(truth.type())) {
            return false;
        }
        if (truth.check() != null && !truth.check().equals(d.check())) {
            return false;
        }
        return d.fromSec() <= truth.toSec() + SLACK_SEC && d.toSec() >= truth.fromSec() - SLACK_SEC;
    }

    Tally total(String detector) {
        Tally all = new Tally();
        tallies.getOrDefault(detector, Map.of()).values().forEach(all::add);
        return all;
    }

    /** The table: one row per damage kind, found / missed / false alarms for each detector. */
    String markdown(String title, List<String> damages) {
        StringBuilder s = new StringBuilder("#### ").append(title).append("\n\n");
        s.append("| damage | cases | `corruption` found / missed / false | `transport` found / missed / false"
                + " | `blockdetect` found / missed / false |\n|---|---|---|---|---|\n");
        Map<String, Integer> cases = new LinkedHashMap<>();
        damages.forEach(d -> cases.put(d, count(d)));
        for (String damage : damages) {
            s.append("| ").append(damage).append(" | ").append(cases.get(damage));
            for (String detector : List.of("corruption", "transport", "blockdetect")) {
                Tally t = tallies.getOrDefault(detector, Map.of()).get(damage);
                s.append(" | ").append(t == null ? "—" : t.found + " / " + t.missed + " / " + t.falseAlarms);
            }
            s.append(" |\n");
        }
        s.append("| **all** | ")
                .append(cases.values().stream().mapToInt(Integer::intValue).sum());
        for (String detector : List.of("corruption", "transport", "blockdetect")) {
            Tally t = total(detector);
            s.append(String.format(Locale.ROOT, " | P %.2f R %.2f **F1 %.2f**", t.precision(), t.recall(), t.f1()));
        }
        return s.append(" |\n").toString();
    }

    private final Map<String, Integer> caseCounts = new TreeMap<>();

    void counted(Case c) {
        caseCounts.merge(c.damage(), 1, Integer::sum);
    }

    private int count(String damage) {
        return caseCounts.getOrDefault(damage, 0);
    }
}
