package dev.vigil.operator.scheduling;

import static dev.vigil.operator.scheduling.Fixtures.NOW;
import static dev.vigil.operator.scheduling.Fixtures.T0;
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

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerStabilityTest {

    private static final Pool VIDEO = pool("video", 10, 1, 5, "black", "freeze");
    private static final Pool AUDIO = pool("audio", 10, 1, 5, "silence");

    @Test
    void an_unchanged_monitor_keeps_its_worker_even_when_a_better_one_exists() {
        // best fit would now pick video-1 (fuller), yet ns/m stays on the empty video-0
        Monitor m = monitor("ns/m", 1, 1, set("black"), shard("video", "video-0", 1, "black"));
        Monitor other = monitor("ns/other", 8, 1, set("black"), shard("video", "video-1", 1, "black"));
        Plan plan = plan(state(List.of(m, other), List.of(VIDEO), workers("video", 2)));

        assertThat(plan.assignmentsOf(id("ns/m"))).containsExactly(shard("video", "video-0", 1, "black"));
        assertThat(plan.moves()).isZero();
    }

    @Test
    void a_shard_on_a_dead_worker_moves() {
        Monitor m = monitor("ns/m", 1, 1, set("black"), shard("video", "video-0", 1, "black"));
        Plan plan =
                plan(state(List.of(m), List.of(VIDEO), List.of(dead("video-0", "video"), worker("video-1", "video"))));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .containsExactly(new Assignment("video", "video-1", set("black"), 1, NOW));
        assertThat(plan.moves()).isEqualTo(1);
    }

    @Test
    void a_shard_on_a_missing_worker_moves() {
        Monitor m = monitor("ns/m", 1, 1, set("black"), shard("video", "video-7", 1, "black"));
        Plan plan = plan(state(List.of(m), List.of(VIDEO), workers("video", 1)));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .extracting(Assignment::worker)
                .containsExactly("video-0");
        assertThat(plan.moves()).isEqualTo(1);
    }

    @Test
    void a_shard_on_a_draining_worker_moves_off() {
        Monitor m = monitor("ns/m", 1, 1, set("black"), shard("video", "video-0", 1, "black"));
        Plan plan = plan(
                state(List.of(m), List.of(VIDEO), List.of(draining("video-0", "video"), worker("video-1", "video"))));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .extracting(Assignment::worker)
                .containsExactly("video-1");
        assertThat(plan.moves()).isEqualTo(1);
    }

    @Test
    void a_new_generation_is_placed_anew_and_restarts_on_its_old_worker_when_that_has_room() {
        Pool wide = pool("wide", 10, 1, 5, "black", "freeze", "silence");
        // old generation ran on video-1; best fit alone would pick the fuller video-0
        Monitor full = monitor("ns/full", 5, 1, set("black"), shard("video", "video-0", 1, "black"));
        Monitor m = monitor("ns/m", 1, 2, set("black", "freeze"), shard("video", "video-1", 1, "black"));
        Plan plan =
                plan(state(List.of(full, m), List.of(VIDEO, wide), concat(workers("video", 2), workers("wide", 1))));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .containsExactly(new Assignment("video", "video-1", set("black", "freeze"), 2, NOW));
        assertThat(plan.moves()).isZero();
    }

    @Test
    void a_new_generation_asking_for_detectors_the_old_pool_lacks_moves_to_one_pool_carrying_all() {
        Pool av = pool("av", 10, 1, 5, "black", "silence");
        Monitor m = monitor("ns/m", 1, 2, set("black", "silence"), shard("video", "video-0", 1, "black"));
        Plan plan = plan(state(
                List.of(m),
                List.of(VIDEO, AUDIO, av),
                concat(workers("video", 1), concat(workers("audio", 1), workers("av", 1)))));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .containsExactly(new Assignment("av", "av-0", set("black", "silence"), 2, NOW));
        assertThat(plan.moves()).isEqualTo(1);
    }

    @Test
    void a_detector_no_longer_requested_counts_as_a_change() {
        // same generation, but the shard runs "freeze", which the monitor no longer asks for
        Monitor m = monitor("ns/m", 1, 1, set("black"), shard("video", "video-0", 1, "black", "freeze"));
        Plan plan = plan(state(List.of(m), List.of(VIDEO), workers("video", 1)));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .containsExactly(new Assignment("video", "video-0", set("black"), 1, NOW));
        assertThat(plan.moves()).isZero();
    }

    @Test
    void a_newly_requested_detector_joins_a_kept_shard_whose_pool_carries_it() {
        Monitor m = monitor("ns/m", 1, 1, set("black", "freeze"), shard("video", "video-0", 1, "black"));
        Plan plan = plan(state(List.of(m), List.of(VIDEO), workers("video", 2)));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .containsExactly(new Assignment("video", "video-0", set("black", "freeze"), 1, T0));
        assertThat(plan.moves()).isZero();
    }

    @Test
    void a_newly_requested_detector_from_another_pool_adds_a_shard_without_moving_the_first() {
        Monitor m = monitor("ns/m", 1, 1, set("black", "silence"), shard("video", "video-0", 1, "black"));
        Plan plan = plan(state(List.of(m), List.of(VIDEO, AUDIO), concat(workers("video", 1), workers("audio", 1))));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .containsExactly(
                        new Assignment("audio", "audio-0", set("silence"), 1, NOW),
                        shard("video", "video-0", 1, "black"));
        assertThat(plan.moves()).isZero();
    }

    @Test
    void a_shard_moves_when_its_pool_is_gone_or_no_longer_carries_its_detectors() {
        Pool other = pool("other", 10, 1, 5, "black");
        Monitor m = monitor("ns/m", 1, 1, set("black"), shard("video", "video-0", 1, "black"));

        Plan poolGone = plan(state(List.of(m), List.of(other), concat(workers("video", 1), workers("other", 1))));
        assertThat(poolGone.assignmentsOf(id("ns/m")))
                .extracting(Assignment::worker)
                .containsExactly("other-0");
        assertThat(poolGone.moves()).isEqualTo(1);

        Pool videoWithoutBlack = pool("video", 10, 1, 5, "freeze");
        Plan noLongerCarries = plan(
                state(List.of(m), List.of(videoWithoutBlack, other), concat(workers("video", 1), workers("other", 1))));
        assertThat(noLongerCarries.assignmentsOf(id("ns/m")))
                .extracting(Assignment::worker)
                .containsExactly("other-0");
        assertThat(noLongerCarries.moves()).isEqualTo(1);
    }

    @Test
    void when_one_shard_loses_its_worker_only_that_shard_moves() {
        Monitor m = monitor(
                "ns/m",
                1,
                1,
                set("black", "silence"),
                shard("video", "video-0", 1, "black"),
                shard("audio", "audio-0", 1, "silence"));
        Plan plan = plan(state(
                List.of(m),
                List.of(VIDEO, AUDIO),
                List.of(worker("video-0", "video"), dead("audio-0", "audio"), worker("audio-1", "audio"))));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .containsExactly(
                        new Assignment("audio", "audio-1", set("silence"), 1, NOW),
                        shard("video", "video-0", 1, "black"));
        assertThat(plan.moves()).isEqualTo(1);
    }

    @Test
    void a_worker_holding_more_than_its_capacity_keeps_the_oldest_shards() {
        Pool shrunk = pool("video", 2, 1, 5, "black");
        Monitor old = monitor(
                "ns/z-old",
                1,
                1,
                set("black"),
                new Assignment("video", "video-0", set("black"), 1, T0.minusSeconds(100)));
        Monitor mid = monitor(
                "ns/y-mid",
                1,
                1,
                set("black"),
                new Assignment("video", "video-0", set("black"), 1, T0.minusSeconds(50)));
        Monitor young =
                monitor("ns/a-young", 1, 1, set("black"), new Assignment("video", "video-0", set("black"), 1, T0));
        Plan plan = plan(state(List.of(young, mid, old), List.of(shrunk), workers("video", 2)));

        assertThat(plan.assignmentsOf(id("ns/z-old")))
                .extracting(Assignment::worker)
                .containsExactly("video-0");
        assertThat(plan.assignmentsOf(id("ns/y-mid")))
                .extracting(Assignment::worker)
                .containsExactly("video-0");
        assertThat(plan.assignmentsOf(id("ns/a-young")))
                .extracting(Assignment::worker)
                .containsExactly("video-1");
        assertThat(plan.moves()).isEqualTo(1);
    }

    @Test
    void a_displaced_monitor_gets_room_before_a_new_one() {
        Pool small = pool("video", 1, 1, 1, "black");
        Monitor displaced = monitor("ns/z", 1, 1, set("black"), shard("video", "video-gone", 1, "black"));
        Plan plan = plan(state(List.of(monitor("ns/a", 1, "black"), displaced), List.of(small), workers("video", 1)));

        assertThat(plan.assignmentsOf(id("ns/z")))
                .extracting(Assignment::worker)
                .containsExactly("video-0");
        assertThat(plan.unplaced()).extracting(Unplaced::monitor).containsExactly(id("ns/a"));
    }

    @Test
    void contradictory_shards_are_treated_as_a_changed_monitor() {
        // "black" twice: the monitor is placed anew on a single shard
        Monitor m = monitor(
                "ns/m",
                1,
                1,
                set("black", "freeze"),
                shard("video", "video-0", 1, "black", "freeze"),
                shard("other", "other-0", 1, "black"));
        Pool other = pool("other", 10, 1, 5, "black");
        Plan plan = plan(state(List.of(m), List.of(VIDEO, other), concat(workers("video", 1), workers("other", 1))));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .containsExactly(new Assignment("video", "video-0", set("black", "freeze"), 1, NOW));
        assertThat(plan.moves()).isEqualTo(1);
    }

    @Test
    void re_planning_the_reconciled_result_changes_nothing() {
        List<Monitor> monitors = List.of(
                monitor("ns/a", 3, "black"), monitor("ns/b", 4, "black", "silence"), monitor("ns/c", 6, "freeze"));
        ClusterState first = state(monitors, List.of(VIDEO, AUDIO), concat(workers("video", 3), workers("audio", 2)));
        Plan plan = plan(first);
        ClusterState second = Fixtures.applied(first, plan);
        ClusterState later = new ClusterState(
                second.monitors(), second.pools(), second.workers(), Instant.parse("2030-01-01T00:00:00Z"));

        Plan again = plan(later);

        assertThat(again.moves()).isZero();
        assertThat(again.assignments()).isEqualTo(plan.assignments());
        assertThat(again.workersToDrain()).isEmpty();
    }
}
