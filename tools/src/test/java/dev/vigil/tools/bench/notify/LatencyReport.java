package dev.vigil.tools.bench.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's result: one row per scenario, Vigil next to its baseline, printed as a markdown table. */
final class LatencyReport {

    /**
     * One scenario.
     *
     * @param ratios whether p50 and p99 over the baseline's say something (not where Vigil waits on purpose)
     * @param note   what the baseline was and what bounds the figure, printed under the table
     */
    record Row(String scenario, Latencies vigil, Latencies baseline, boolean ratios, String note) {

        Row withNote(String text) {
            return new Row(scenario, vigil, baseline, ratios, text);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("| Scenario | Arrived (lost, duplicates) | p50 | p95 | p99 | max | Baseline p50 / p95 / p99 / max "
                + "| p50 ÷ baseline p50 | p99 ÷ baseline p99 |\n");
        s.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            Latencies v = r.vigil();
            Latencies b = r.baseline();
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | %d/%d (%d, %d) | %s | %s | %s | %s | %s / %s / %s / %s | %s | %s |%n",
                    r.scenario(),
                    v.arrived(),
                    v.expected(),
                    v.lost(),
                    v.duplicates(),
                    ms(v.p50()),
                    ms(v.p95()),
                    ms(v.p99()),
                    ms(v.max()),
                    ms(b.p50()),
                    ms(b.p95()),
                    ms(b.p99()),
                    ms(b.max()),
                    r.ratios() ? ratio(v.p50(), b.p50()) : "—",
                    r.ratios() ? ratio(v.p99(), b.p99()) : "—"));
        }
        s.append('\n');
        for (Row r : rows) {
            s.append("- ").append(r.scenario()).append(": ").append(r.note());
            if (r.baseline().lost() > 0 || r.baseline().duplicates() > 0) {
                s.append(String.format(
                        Locale.ROOT,
                        " Baseline arrived %d/%d (duplicates %d).",
                        r.baseline().arrived(),
                        r.baseline().expected(),
                        r.baseline().duplicates()));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** Whether everything sent, by Vigil and by the baselines, arrived exactly once. */
    boolean complete() {
        return rows.stream()
                .allMatch(r -> r.vigil().lost() == 0
                        && r.vigil().duplicates() == 0
                        && r.baseline().lost() == 0
                        && r.baseline().duplicates() == 0);
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "—";
        }
        if (millis >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000);
        }
        if (millis < 1) {
            return String.format(Locale.ROOT, "%.0f µs", millis * 1000);
        }
        return String.format(Locale.ROOT, millis >= 10 ? "%.0f ms" : "%.2f ms", millis);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b <= 0 ? "—" : String.format(Locale.ROOT, "%.1f×", a / b);
    }
}
