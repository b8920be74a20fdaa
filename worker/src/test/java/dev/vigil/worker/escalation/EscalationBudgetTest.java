package dev.vigil.worker.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.media.LumaThumbnail;
import dev.vigil.worker.media.VideoFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A worker's escalations stay within its capacity, however many streams ask at once. */
class EscalationBudgetTest {

    @Test
    void aStormOfSuspicionsEscalatesOnlyWhatTheCapacityHolds() {
        // 20 economy streams of 1080p25 (2.25 units, 1.125 in economy) on a worker of capacity 28: 22.5 units of
        // streams, 5.5 left, each escalation costs the other 1.125: four at once
        double units = 2.25;
        List<Escalation> streams = new ArrayList<>();
        double[] base = {0};
        EscalationBudget budget = new EscalationBudget(28, () -> base[0]);
        for (int i = 0; i < 20; i++) {
            Escalation e = new Escalation(DecodeProfile.ECONOMY, true, budget, Escalation.Settings.DEFAULTS);
            e.streamUnits(units);
            streams.add(e);
            base[0] += units * 0.5;
        }
        int[] cells = new int[16 * 9];
        Arrays.fill(cells, 16 * 16);
        for (double t = 0; t < 10; t += 0.12) {
            for (Escalation e : streams) {
                e.onPicture(new VideoFeatures(t, 128, 72, new LumaThumbnail(16, 9, cells), null));
            }
            assertThat(base[0] + budget.escalatedUnits())
                    .as("load at %.2f s", t)
                    .isLessThanOrEqualTo(28);
            assertThat(streams.stream()
                            .filter(e -> e.wanted() == DecodeProfile.FULL)
                            .count())
                    .isEqualTo((long) budget.escalatedStreams())
                    .isLessThanOrEqualTo(4L);
        }
        assertThat(budget.escalatedStreams()).isEqualTo(4);
        assertThat(budget.granted(EscalationReason.BLACK)).isEqualTo(4);
        assertThat(budget.refused())
                .as("16 streams, about one try a second for 10 s")
                .isBetween(16L * 9, 16L * 11);
        streams.forEach(Escalation::close);
        assertThat(budget.escalatedStreams()).isZero();
        assertThat(budget.escalatedUnits()).isZero();
    }

    @Test
    void unitsFreedByOneEscalationGoToTheNextStreamThatAsks() {
        EscalationBudget budget = new EscalationBudget(3, () -> 2);
        assertThat(budget.tryAcquire(1, EscalationReason.FREEZE)).isTrue();
        assertThat(budget.tryAcquire(0.5, EscalationReason.BLACK)).isFalse();
        budget.release(1);
        assertThat(budget.tryAcquire(0.5, EscalationReason.BLACK)).isTrue();
        assertThat(budget.granted(EscalationReason.FREEZE)).isEqualTo(1);
        assertThat(budget.refused()).isEqualTo(1);
    }
}
