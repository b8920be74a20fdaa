package dev.vigil.tools.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tools.ml.eval.Scores;

/**
 * Reference figures of the shipped corruption model on a set of generated frames, at its shipped threshold, and
 * the check that a fresh run reaches them: at most {@code tolerance} worse in each figure (the data is seeded, yet
 * repeated generations differ slightly from run to run).
 */
record ModelFigures(double precision, double recall, double f1, double falsePositiveRate) {

    void assertReachedBy(Scores.Figures actual, double tolerance) {
        assertThat(actual.f1()).as(actual.toString()).isGreaterThanOrEqualTo(f1 - tolerance);
        assertThat(actual.precision()).as(actual.toString()).isGreaterThanOrEqualTo(precision - tolerance);
        assertThat(actual.recall()).as(actual.toString()).isGreaterThanOrEqualTo(recall - tolerance);
        assertThat(actual.falsePositiveRate()).as(actual.toString()).isLessThanOrEqualTo(falsePositiveRate + tolerance);
    }
}
