package dev.vigil.operator.scheduling;

import static dev.vigil.operator.scheduling.Fixtures.plan;
import static dev.vigil.operator.scheduling.Fixtures.set;
import static dev.vigil.operator.scheduling.Fixtures.state;
import static dev.vigil.operator.scheduling.Fixtures.workers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.DecodeProfile;
import dev.vigil.api.v1alpha1.spec.DecodeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pools that decode less than every picture: a monitor costs its share of units there, each worker keeps a reserve
 * for escalations to full decoding, and switching a pool's profile moves nothing that still fits.
 */
class SchedulerDecodeProfileTest {

    /** A 1080p25 stream: 2.25 units in full decoding. */
    private static final double HD = 2.25;

    private static Pool pool(DecodeProfile profile, boolean escalate) {
        DecodeSpec d = new DecodeSpec();
        d.setProfile(profile);
        d.setEscalate(escalate);
        return new Pool("video", set("black", "freeze"), 8, 1, 4, StreamCost.share(d), StreamCost.reserve(d));
    }

    private static List<Monitor> monitors(int n) {
        List<Monitor> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ms.add(Fixtures.monitor(String.format("ns/m%02d", i), HD, "black", "freeze"));
        }
        return ms;
    }

    /** Monitors per worker in a plan. */
    private static Map<String, Integer> perWorker(Plan plan, List<Monitor> monitors) {
        Map<String, Integer> count = new HashMap<>();
        for (Monitor m : monitors) {
            plan.assignmentsOf(m.id()).forEach(a -> count.merge(a.worker(), 1, Integer::sum));
        }
        return count;
    }

    /** Feeds a plan back as the monitors' current assignments, as the operator does. */
    private static List<Monitor> placed(Plan plan, List<Monitor> monitors) {
        return monitors.stream()
                .map(m -> m.withAssignments(plan.assignmentsOf(m.id())))
                .toList();
    }

    @Test
    void economyMonitorsArePackedByTheirCostWithinTheEscalationReserve() {
        List<Monitor> ms = monitors(10);
        Plan full = plan(state(ms, List.of(pool(DecodeProfile.FULL, true)), workers("video", 4)));
        Plan economy = plan(state(ms, List.of(pool(DecodeProfile.ECONOMY, true)), workers("video", 4)));

        // full: 3 x 2.25 = 6.75 of 8 per worker; economy: half the units each, within 8 less a fifth kept for
        // escalations (6.4): 5 x 1.125 = 5.625
        assertThat(perWorker(full, ms).values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
        assertThat(perWorker(economy, ms).values()).containsOnly(5);
        assertThat(economy.desiredWorkers().get("video"))
                .isLessThan(full.desiredWorkers().get("video"));
    }

    @Test
    void keyframesPacksTighterStillAndAPoolWithoutEscalationKeepsNoReserve() {
        List<Monitor> ms = monitors(40);
        Plan keyframes = plan(state(ms, List.of(pool(DecodeProfile.KEYFRAMES, true)), workers("video", 4)));
        Plan noEscalation = plan(state(ms, List.of(pool(DecodeProfile.ECONOMY, false)), workers("video", 4)));

        DecodeSpec keyframesSpec = new DecodeSpec();
        keyframesSpec.setProfile(DecodeProfile.KEYFRAMES);
        int perKeyframesWorker = (int) Math.floor(8 * (1 - 0.2) / (HD * StreamCost.share(keyframesSpec)));
        assertThat(perWorker(keyframes, ms).values())
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(perKeyframesWorker))
                .contains(perKeyframesWorker);
        // economy without escalation: the whole capacity, 7 x 1.125 = 7.875 of 8
        assertThat(perWorker(noEscalation, ms).values())
                .allSatisfy(n -> assertThat(n).isEqualTo(7));
    }

    @Test
    void aPoolSwitchedFromFullToEconomyMovesNoMonitor() {
        List<Monitor> ms = monitors(9);
        Plan before = plan(state(ms, List.of(pool(DecodeProfile.FULL, true)), workers("video", 3)));
        List<Monitor> running = placed(before, ms);

        Plan after = plan(state(running, List.of(pool(DecodeProfile.ECONOMY, true)), workers("video", 3)));

        assertThat(after.moves()).isZero();
        for (Monitor m : running) {
            assertThat(after.assignmentsOf(m.id())).isEqualTo(m.assignments());
        }
        // room has opened up: new monitors join the same workers instead of new ones
        List<Monitor> more = new ArrayList<>(running);
        more.addAll(monitors(15).subList(9, 15));
        Plan grown = plan(state(more, List.of(pool(DecodeProfile.ECONOMY, true)), workers("video", 3)));
        assertThat(grown.moves()).isZero();
        assertThat(grown.desiredWorkers().get("video")).isEqualTo(3);
    }

    @Test
    void aPoolSwitchedBackToFullMovesOnlyWhatNoLongerFits() {
        List<Monitor> ms = monitors(15);
        Plan economy = plan(state(ms, List.of(pool(DecodeProfile.ECONOMY, true)), workers("video", 3)));
        List<Monitor> running = placed(economy, ms);

        Plan full = plan(state(running, List.of(pool(DecodeProfile.FULL, true)), workers("video", 3)));

        // 5 per worker in economy; 3 fit in full, the other 2 of each worker move (to new workers)
        int stayed = 0;
        for (Monitor m : running) {
            if (full.assignmentsOf(m.id()).equals(m.assignments())) {
                stayed++;
            }
        }
        assertThat(stayed).isEqualTo(9);
        assertThat(full.moves()).isEqualTo(6);
    }
}
