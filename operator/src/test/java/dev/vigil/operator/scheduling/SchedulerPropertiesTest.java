package dev.vigil.operator.scheduling;

import static dev.vigil.operator.scheduling.Fixtures.applied;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties over seeded random clusters: same seeds every run, so failures reproduce. */
class SchedulerPropertiesTest {

    private static final int CASES = 300;
    private final Scheduler scheduler = new Scheduler();

    @Test
    void every_plan_respects_capacity_coverage_suspension_and_reasons() {
        for (long seed = 1; seed <= CASES; seed++) {
            Random r = new Random(seed);
            ClusterState first = RandomClusters.generate(r);
            Plan plan = scheduler.plan(first);
            check(seed, first, plan);

            ClusterState second = RandomClusters.disturb(applied(first, plan), r);
            check(seed, second, scheduler.plan(second));
        }
    }

    @Test
    void re_planning_a_carried_out_plan_moves_nothing_and_changes_nothing() {
        for (long seed = 1; seed <= CASES; seed++) {
            Random r = new Random(seed);
            ClusterState state = RandomClusters.generate(r);
            for (int round = 0; round < 3; round++) {
                Plan plan = scheduler.plan(state);
                ClusterState after = applied(state, plan);
                Plan again = scheduler.plan(after);

                assertThat(again.moves()).as("seed %d round %d", seed, round).isZero();
                assertThat(again.assignments())
                        .as("seed %d round %d", seed, round)
                        .isEqualTo(plan.assignments());
                assertThat(again.unplaced()).as("seed %d round %d", seed, round).isEqualTo(plan.unplaced());
                assertThat(again.desiredWorkers())
                        .as("seed %d round %d", seed, round)
                        .isEqualTo(plan.desiredWorkers());
                assertThat(again.workersToDrain())
                        .as("seed %d round %d", seed, round)
                        .isEmpty();
                state = RandomClusters.disturb(after, r);
            }
        }
    }

    @Test
    void input_order_never_changes_the_plan() {
        for (long seed = 1; seed <= CASES; seed++) {
            Random r = new Random(seed);
            ClusterState state = RandomClusters.generate(r);
            Plan plan = scheduler.plan(state);
            for (int i = 0; i < 3; i++) {
                assertThat(scheduler.plan(RandomClusters.shuffled(state, r)))
                        .as("seed %d", seed)
                        .isEqualTo(plan);
            }
            ClusterState next = RandomClusters.disturb(applied(state, plan), r);
            assertThat(scheduler.plan(RandomClusters.shuffled(next, r)))
                    .as("seed %d", seed)
                    .isEqualTo(scheduler.plan(next));
        }
    }

    @Test
    void a_pool_grown_to_its_desired_size_places_everything_it_was_short_of() {
        for (long seed = 1; seed <= CASES; seed++) {
            Random r = new Random(seed);
            // one pool carrying everything asked, streams that fit a worker, room to grow
            Pool pool = new Pool("video", java.util.Set.copyOf(RandomClusters.DETECTORS.subList(0, 4)), 4, 0, 1000);
            java.util.List<Monitor> monitors = new java.util.ArrayList<>();
            for (int i = 0; i < 1 + r.nextInt(80); i++) {
                monitors.add(new Monitor(
                        new MonitorId("ns", "m" + i),
                        java.util.Set.of(RandomClusters.DETECTORS.get(r.nextInt(4))),
                        0.1 + r.nextDouble() * 3.9,
                        1,
                        false,
                        java.util.List.of()));
            }
            ClusterState state = new ClusterState(
                    monitors, java.util.List.of(pool), Fixtures.workers("video", r.nextInt(4)), Fixtures.NOW);
            Plan plan = scheduler.plan(state);
            int desired = plan.desiredWorkers().get("video");

            ClusterState grown = applied(state, plan);
            java.util.List<Worker> workers = new java.util.ArrayList<>(grown.workers());
            long ready = workers.stream().filter(w -> !w.draining()).count();
            for (long i = ready; i < desired; i++) {
                workers.add(Fixtures.worker("video-new-" + i, "video"));
            }
            Plan next = scheduler.plan(new ClusterState(grown.monitors(), grown.pools(), workers, grown.now()));

            assertThat(next.unplaced()).as("seed %d", seed).isEmpty();
            assertThat(next.moves()).isZero();
        }
    }

    private static void check(long seed, ClusterState state, Plan plan) {
        try {
            PlanChecks.assertValid(state, plan);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }
}
