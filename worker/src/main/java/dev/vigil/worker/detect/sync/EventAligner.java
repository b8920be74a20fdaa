package dev.vigil.worker.detect.sync;

import java.util.Arrays;

/**
 * The offset that best lines sound onsets up with visual events over one window, and how sure that is. Every
 * candidate offset from {@code -maxOffset} to {@code +maxOffset} (1 ms steps) scores the number of visual events
 * that have a sound onset within {@code ±tolerance} of {@code event + offset}. The best-scoring offset is refined to
 * the median of its pairs' differences.
 *
 * <p>The answer is unknown, never a guess, when fewer than {@code minPairs} events pair up; when another offset
 * (more than two tolerances away) explains {@value #AMBIGUITY} of as many pairs (a periodic signal whose period is
 * within the search range, or unrelated events); when unrelated events would line up this well at some offset of
 * the range with a probability over {@value #MAX_CHANCE} (the binomial tail of the pairs, each visual event having
 * an onset within the tolerance by chance at the onsets' density, times the number of offsets a tolerance apart);
 * or when the pairs are not clearly more than chance would give:
 * {@code confidence = (pairs - chance) / (possible - chance)}, where {@code chance} is the mean score over all
 * offsets and {@code possible} the smaller of the two event counts, must reach {@code minConfidence}.
 */
final class EventAligner {

    /** Another offset explaining this share of the best one's pairs makes the answer ambiguous. */
    static final double AMBIGUITY = 0.6;
    /** The most probability allowed that unrelated events line up this well at some offset of the range. */
    static final double MAX_CHANCE = 0.001;

    private final int maxOffsetMs;
    private final double minConfidence;
    private final int minPairs;
    private int[] scores = new int[0];
    private int[] stamp = new int[0];
    private double[] diffs = new double[16];

    EventAligner(double maxOffsetMs, int minPairs, double minConfidence) {
        this.maxOffsetMs = (int) Math.round(maxOffsetMs);
        this.minPairs = minPairs;
        this.minConfidence = minConfidence;
    }

    /**
     * @param video       visual event times (seconds, increasing)
     * @param videoFrom   first index of {@code video} to pair
     * @param videoTo     end index (exclusive)
     * @param audio       sound onset times (seconds, increasing)
     * @param toleranceMs how far apart a pair may be from the offset (half a frame or so)
     */
    ContentEstimate align(EventTimes video, int videoFrom, int videoTo, EventTimes audio, double toleranceMs) {
        int nV = videoTo - videoFrom;
        if (nV < minPairs) {
            return ContentEstimate.unknown("too few visual events (cuts, flashes, motion onsets)", nV, audio.size());
        }
        double firstV = video.get(videoFrom);
        double lastV = video.get(videoTo - 1);
        double reach = (maxOffsetMs + toleranceMs) / 1000.0;
        int aFrom = audio.firstAtOrAfter(firstV - reach);
        int aTo = audio.firstAtOrAfter(lastV + reach + 1e-9);
        int nA = aTo - aFrom;
        if (nA < minPairs) {
            return ContentEstimate.unknown("too few sound onsets", nV, nA);
        }
        int bins = 2 * maxOffsetMs + 1;
        if (scores.length != bins) {
            scores = new int[bins];
            stamp = new int[bins];
        }
        Arrays.fill(scores, 0);
        Arrays.fill(stamp, -1);
        int tol = (int) Math.ceil(toleranceMs);
        int first = aFrom;
        for (int i = videoFrom; i < videoTo; i++) {
            double v = video.get(i);
            while (first < aTo && audio.get(first) < v - reach) {
                first++;
            }
            for (int j = first; j < aTo && audio.get(j) <= v + reach; j++) {
                int d = (int) Math.round((audio.get(j) - v) * 1000);
                int lo = Math.max(-maxOffsetMs, d - tol);
                int hi = Math.min(maxOffsetMs, d + tol);
                for (int b = lo; b <= hi; b++) {
                    int k = b + maxOffsetMs;
                    if (stamp[k] != i) { // each visual event counts once per offset
                        stamp[k] = i;
                        scores[k]++;
                    }
                }
            }
        }
        int best = 0;
        long total = 0;
        for (int k = 0; k < bins; k++) {
            total += scores[k];
            if (scores[k] > scores[best]) {
                best = k;
            }
        }
        int runEnd = best;
        while (runEnd + 1 < bins && scores[runEnd + 1] == scores[best]) {
            runEnd++;
        }
        int center = (best + runEnd) / 2 - maxOffsetMs;
        int second = 0;
        for (int k = 0; k < bins; k++) {
            if (Math.abs(k - maxOffsetMs - center) > 2 * tol) {
                second = Math.max(second, scores[k]);
            }
        }
        int pairs =
                pairDifferences(video, videoFrom, videoTo, audio, aFrom, aTo, center / 1000.0, toleranceMs / 1000.0);
        if (pairs < minPairs) {
            return ContentEstimate.unknown("too few sound onsets line up with visual events", nV, nA);
        }
        if (second > Math.max(1, AMBIGUITY * pairs)) {
            return ContentEstimate.unknown(
                    "ambiguous: offsets " + center + " ms and another explain the events alike", nV, nA);
        }
        double span = lastV - firstV + 2 * reach;
        double perEvent = 1 - Math.exp(-nA / span * (2 * toleranceMs + 1) / 1000);
        // offsets a tolerance apart over the whole range (the best of a continuous search is likelier than of
        // disjoint bins, so twice the disjoint count)
        double offsets = Math.max(1, 2 * maxOffsetMs / (double) Math.max(1, tol));
        double chanceAlignment = Math.min(1, offsets * binomialTail(nV, perEvent, pairs));
        double chance = total / (double) bins;
        double possible = Math.min(nV, nA);
        double confidence = possible > chance ? Math.max(0, Math.min(1, (pairs - chance) / (possible - chance))) : 0;
        if (chanceAlignment > MAX_CHANCE) {
            return ContentEstimate.unknown("so few events line up that chance could explain it", nV, nA);
        }
        if (confidence < minConfidence) {
            return ContentEstimate.unknown("sound onsets and visual events do not agree well enough", nV, nA);
        }
        Arrays.sort(diffs, 0, pairs);
        double median = pairs % 2 == 1 ? diffs[pairs / 2] : (diffs[pairs / 2 - 1] + diffs[pairs / 2]) / 2;
        return ContentEstimate.known(median * 1000, confidence, pairs, nV, nA, chanceAlignment, firstV, lastV);
    }

    /** P(X >= k) for X ~ Binomial(n, p). */
    static double binomialTail(int n, double p, int k) {
        if (k <= 0) {
            return 1;
        }
        if (p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return 1;
        }
        double sum = 0;
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        for (int i = k; i <= n; i++) {
            sum += Math.exp(logChoose(n, i) + i * logP + (n - i) * logQ);
        }
        return Math.min(1, sum);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }

    /** For each visual event, the sound onset nearest to {@code v + offset} within the tolerance; fills diffs. */
    private int pairDifferences(
            EventTimes video, int from, int to, EventTimes audio, int aFrom, int aTo, double offset, double tolerance) {
        int pairs = 0;
        for (int i = from; i < to; i++) {
            double target = video.get(i) + offset;
            int j = audio.firstAtOrAfter(target - tolerance);
            double bestD = Double.NaN;
            for (; j < aTo && audio.get(j) <= target + tolerance; j++) {
                if (j < aFrom) {
                    continue;
                }
                double d = audio.get(j) - video.get(i);
                if (Double.isNaN(bestD) || Math.abs(d - offset) < Math.abs(bestD - offset)) {
                    bestD = d;
                }
            }
            if (!Double.isNaN(bestD)) {
                if (pairs == diffs.length) {
                    diffs = Arrays.copyOf(diffs, pairs * 2);
                }
                diffs[pairs++] = bestD;
            }
        }
        return pairs;
    }
}
