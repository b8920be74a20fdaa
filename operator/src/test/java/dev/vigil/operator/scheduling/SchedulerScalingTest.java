package dev.vigil.operator.scheduling;

import static dev.vigil.operator.scheduling.Fixtures.concat;
import static dev.vigil.operator.scheduling.Fixtures.dead;
import static dev.vigil.operator.scheduling.Fixtures.draining;
import static dev.vigil.operator.scheduling.Fixtures.id;
import static dev.vigil.operator.scheduling.Fixtures.monitor;
import static dev.vigil.operator.scheduling.Fixtures.plan;
import static dev.vigil.operator.scheduling.Fixtures.pool;
import static dev.vigil.operator.scheduling.Fixtures.set;
import static dev.vigil.operator.scheduling.Fixtures.shard;
import static dev.vigil.operator.scheduling.Fixtures.state;
import static dev.vigil.operator.scheduling.Fixtures.worker;
import static dev.vigil.operator.scheduling.Fixtures.workers;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerScalingTest {

    private static List<Monitor> monitors(int n, double cost, String... detectors) {
        List<Monitor> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ms.add(monitor(String.format("ns/m%03d", i), cost, detectors));
        }
        return ms;
    }

    @Test
    void unplaced_demand_asks_for_enough_new_workers() {
        Pool p = pool("video", 1, 1, 10, "black");
        // one worker; 5 more monitors of 0.5 need 3 more workers (two per worker, the fifth alone)
        Plan plan = plan(state(monitors(7, 0.5, "black"), List.of(p), workers("video", 1)));

        assertThat(plan.unplaced()).hasSize(5);
        assertThat(plan.desiredWorkers()).containsEntry("video", 4);
    }

    @Test
    void growth_stops_at_max_workers() {
        Pool p = pool("video", 1, 1, 3, "black");
        Plan plan = plan(state(monitors(10, 1, "black"), List.of(p), workers("video", 1)));

        assertThat(plan.desiredWorkers()).containsEntry("video", 3);
    }

    @Test
    void a_pool_without_workers_grows_from_zero() {
        Pool p = pool("video", 4, 0, 10, "black");
        Plan plan = plan(state(monitors(5, 1.5, "black"), List.of(p), List.of()));

        // two 1.5 streams per worker of 4 units
        assertThat(plan.desiredWorkers()).containsEntry("video", 3);
    }

    @Test
    void streams_bigger_than_a_worker_do_not_grow_the_pool() {
        Pool p = pool("video", 4, 1, 10, "black");
        Plan plan = plan(state(List.of(monitor("ns/uhd", 9, "black")), List.of(p), workers("video", 1)));

        assertThat(plan.unplaced()).hasSize(1);
        assertThat(plan.desiredWorkers()).containsEntry("video", 1);
        assertThat(plan.workersToDrain()).isEmpty();
    }

    @Test
    void once_the_workers_asked_for_exist_the_waiting_monitors_are_placed() {
        Pool p = pool("video", 1, 1, 10, "black");
        ClusterState first = state(monitors(7, 0.5, "black"), List.of(p), workers("video", 1));
        Plan plan = plan(first);
        int desired = plan.desiredWorkers().get("video");

        ClusterState grown = Fixtures.applied(first, plan);
        grown = new ClusterState(grown.monitors(), grown.pools(), workers("video", desired), grown.now());
        Plan next = plan(grown);

        assertThat(next.unplaced()).isEmpty();
        assertThat(next.assignments()).hasSize(7);
        assertThat(next.moves()).isZero();
        assertThat(next.desiredWorkers()).containsEntry("video", desired);
    }

    @Test
    void idle_workers_above_the_minimum_are_drained_highest_ordinal_first() {
        Pool p = pool("video", 10, 2, 10, "black");
        // six ready workers, one busy (video-3): four idle ones go, highest ordinals first, leaving two (the minimum)
        Monitor busy = monitor("ns/m", 1, 1, set("black"), shard("video", "video-3", 1, "black"));
        List<Worker> ws = List.of(
                worker("video-0", "video"),
                worker("video-1", "video"),
                worker("video-2", "video"),
                worker("video-3", "video"),
                worker("video-10", "video"),
                worker("video-11", "video"));
        Plan plan = plan(state(List.of(busy), List.of(p), ws));

        assertThat(plan.workersToDrain()).containsExactlyInAnyOrder("video-11", "video-10", "video-2", "video-1");
        assertThat(plan.desiredWorkers()).containsEntry("video", 2);
        assertThat(plan.assignmentsOf(id("ns/m")))
                .extracting(Assignment::worker)
                .containsExactly("video-3");
    }

    @Test
    void best_fit_packs_new_monitors_so_idle_workers_can_go() {
        Pool p = pool("video", 10, 1, 10, "black");
        Plan plan = plan(state(monitors(4, 2, "black"), List.of(p), workers("video", 3)));

        assertThat(plan.assignments().values())
                .allSatisfy(s -> assertThat(s.get(0).worker()).isEqualTo("video-0"));
        assertThat(plan.workersToDrain()).containsExactlyInAnyOrder("video-1", "video-2");
        assertThat(plan.desiredWorkers()).containsEntry("video", 1);
    }

    @Test
    void a_pool_never_drains_below_its_minimum_and_dead_or_draining_workers_do_not_count() {
        Pool p = pool("video", 10, 2, 10, "black");
        Plan plan = plan(state(
                List.of(),
                List.of(p),
                List.of(
                        worker("video-0", "video"),
                        worker("video-1", "video"),
                        dead("video-2", "video"),
                        draining("video-3", "video"))));

        assertThat(plan.workersToDrain()).isEmpty();
        assertThat(plan.desiredWorkers()).containsEntry("video", 2);
    }

    @Test
    void a_pool_with_waiting_shards_drains_nothing() {
        Pool small = pool("video", 1, 0, 1, "black");
        Pool other = pool("other", 1, 0, 5, "freeze");
        // ns/a fills video-0; ns/b waits for video; other-0 is idle but belongs to a pool with no demand
        Plan plan = plan(state(
                List.of(monitor("ns/a", 1, "black"), monitor("ns/b", 1, "black")),
                List.of(small, other),
                concat(workers("video", 1), workers("other", 1))));

        assertThat(plan.workersToDrain()).containsExactly("other-0");
        assertThat(plan.desiredWorkers()).containsEntry("video", 1).containsEntry("other", 0);
    }

    @Test
    void workers_above_max_are_drained_and_their_monitors_move_to_the_rest() {
        Pool p = pool("video", 10, 1, 2, "black");
        Monitor onExcess = monitor("ns/m", 1, 1, set("black"), shard("video", "video-3", 1, "black"));
        Monitor stays = monitor("ns/n", 1, 1, set("black"), shard("video", "video-1", 1, "black"));
        Plan plan = plan(state(List.of(onExcess, stays), List.of(p), workers("video", 4)));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .extracting(Assignment::worker)
                .containsExactly("video-1");
        assertThat(plan.assignmentsOf(id("ns/n")))
                .extracting(Assignment::worker)
                .containsExactly("video-1");
        assertThat(plan.moves()).isEqualTo(1);
        // video-3 and video-2 exceed the maximum; then video-0 is idle and one busy worker meets the minimum
        assertThat(plan.workersToDrain()).containsExactlyInAnyOrder("video-3", "video-2", "video-0");
        assertThat(plan.desiredWorkers()).containsEntry("video", 1);
    }

    @Test
    void desired_workers_stay_within_min_and_max() {
        Pool p = pool("video", 10, 3, 5, "black");
        Plan plan = plan(state(List.of(), List.of(p), List.of()));
        assertThat(plan.desiredWorkers()).containsEntry("video", 3);
    }
}
