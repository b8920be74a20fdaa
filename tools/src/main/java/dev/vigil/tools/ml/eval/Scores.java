package dev.vigil.tools.ml.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Per-frame scores of one detector with the frames' labels: precision, recall and F1 at a threshold. */
public final class Scores {

    private final List<double[]> rows = new ArrayList<>();

    public void add(double score, boolean corrupt) {
        rows.add(new double[] {score, corrupt ? 1 : 0});
    }

    public int size() {
        return rows.size();
    }

    public int positives() {
        return (int) rows.stream().filter(r -> r[1] == 1).count();
    }

    public double score(int i) {
        return rows.get(i)[0];
    }

    /** Frames with {@code score >= threshold} are called corrupt. */
    public Figures at(double threshold) {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (double[] r : rows) {
            boolean called = r[0] >= threshold;
            boolean corrupt = r[1] == 1;
            if (called && corrupt) {
                tp++;
            } else if (called) {
                fp++;
            } else if (corrupt) {
                fn++;
            } else {
                tn++;
            }
        }
        double p = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
        double r = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
        double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
        double fpr = fp + tn == 0 ? 0 : fp / (double) (fp + tn);
        return new Figures(threshold, p, r, f1, fpr);
    }

    /** The threshold (one of the observed scores) with the best F1: used on a tuning split only. */
    public Figures best() {
        Figures best = at(Double.POSITIVE_INFINITY);
        List<Double> candidates =
                rows.stream().map(r -> r[0]).distinct().sorted().toList();
        int step = Math.max(1, candidates.size() / 400);
        for (int i = 0; i < candidates.size(); i += step) {
            Figures f = at(candidates.get(i));
            if (f.f1() > best.f1()) {
                best = f;
            }
        }
        return best;
    }

    /** @param falsePositiveRate share of clean frames called corrupt */
    /** The lowest threshold (one of the observed scores) whose false-positive rate is at most {@code rate}: tuning only. */
    public Figures atFalsePositiveRate(double rate) {
        List<Double> candidates =
                rows.stream().map(r -> r[0]).distinct().sorted().toList();
        for (double t : candidates) {
            Figures f = at(t);
            if (f.falsePositiveRate() <= rate) {
                return f;
            }
        }
        return at(Double.POSITIVE_INFINITY);
    }

    public record Figures(double threshold, double precision, double recall, double f1, double falsePositiveRate) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "threshold %.4g: precision %.3f recall %.3f F1 %.3f false positives %.3f",
                    threshold,
                    precision,
                    recall,
                    f1,
                    falsePositiveRate);
        }
    }
}
