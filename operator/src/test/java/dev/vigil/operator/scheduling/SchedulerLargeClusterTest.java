package dev.vigil.operator.scheduling;

import static dev.vigil.operator.scheduling.Fixtures.applied;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Production size: 10,000 monitors over 200 workers. Checks correctness only; timing is not asserted. */
class SchedulerLargeClusterTest {

    @Test
    void plans_ten_thousand_monitors_over_two_hundred_workers() {
        ClusterState state = LargeClusters.generate(42, 10_000);
        Scheduler scheduler = new Scheduler();

        Plan plan = scheduler.plan(state);

        PlanChecks.assertValid(state, plan);
        assertThat(plan.assignments().size()).isGreaterThan(5_000);
        assertThat(plan.moves()).isZero();

        Plan again = scheduler.plan(applied(state, plan));
        PlanChecks.assertValid(applied(state, plan), again);
        assertThat(again.moves()).isZero();
        assertThat(again.assignments()).isEqualTo(plan.assignments());
    }
}
