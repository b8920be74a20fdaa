package dev.vigil.operator.scheduling;

import static dev.vigil.operator.scheduling.Fixtures.NOW;
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
import static dev.vigil.operator.scheduling.Fixtures.suspended;
import static dev.vigil.operator.scheduling.Fixtures.worker;
import static dev.vigil.operator.scheduling.Fixtures.workers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerPlacementTest {

    private static final Pool VIDEO = pool("video", 10, 1, 5, "black", "freeze", "blockiness");
    private static final Pool AUDIO = pool("audio", 10, 1, 5, "silence", "loudness");

    @Test
    void places_a_monitor_on_a_pool_that_carries_its_detectors() {
        Plan plan = plan(state(
                List.of(monitor("news/cnn", 1, "black", "freeze")),
                List.of(VIDEO, AUDIO),
                concat(workers("video", 1), workers("audio", 1))));

        assertThat(plan.assignmentsOf(id("news/cnn")))
                .containsExactly(new Assignment("video", "video-0", set("black", "freeze"), 1, NOW));
        assertThat(plan.unplaced()).isEmpty();
        assertThat(plan.moves()).isZero();
    }

    @Test
    void one_pool_carrying_everything_is_preferred_over_two() {
        Pool av = pool("av", 10, 1, 5, "black", "silence");
        Plan plan = plan(state(
                List.of(monitor("news/cnn", 1, "black", "silence")),
                List.of(VIDEO, AUDIO, av),
                concat(workers("video", 1), concat(workers("audio", 1), workers("av", 1)))));

        assertThat(plan.assignmentsOf(id("news/cnn")))
                .extracting(Assignment::pool)
                .containsExactly("av");
    }

    @Test
    void a_monitor_no_single_pool_serves_gets_one_shard_per_pool_each_detector_once() {
        Pool video = pool("video", 10, 1, 5, "black", "freeze", "stall");
        Pool audio = pool("audio", 10, 1, 5, "silence", "stall");
        Plan plan = plan(state(
                List.of(monitor("news/cnn", 2, "black", "silence", "stall")),
                List.of(video, audio),
                concat(workers("video", 1), workers("audio", 1))));

        assertThat(plan.assignmentsOf(id("news/cnn")))
                .containsExactly(
                        new Assignment("audio", "audio-0", set("silence", "stall"), 1, NOW),
                        new Assignment("video", "video-0", set("black"), 1, NOW));
        assertThat(plan.unplaced()).isEmpty();
    }

    @Test
    void between_equal_pools_the_one_with_more_free_capacity_wins_then_the_name() {
        Pool a = pool("a", 4, 0, 5, "black");
        Pool b = pool("b", 4, 0, 5, "black");
        // b has two workers, so more free capacity
        Plan more = plan(
                state(List.of(monitor("ns/m", 1, "black")), List.of(a, b), concat(workers("a", 1), workers("b", 2))));
        assertThat(more.assignmentsOf(id("ns/m"))).extracting(Assignment::pool).containsExactly("b");

        Plan tie = plan(
                state(List.of(monitor("ns/m", 1, "black")), List.of(a, b), concat(workers("a", 1), workers("b", 1))));
        assertThat(tie.assignmentsOf(id("ns/m"))).extracting(Assignment::pool).containsExactly("a");
    }

    @Test
    void a_pool_with_room_is_preferred_over_an_equal_pool_without() {
        Pool a = pool("a", 1, 0, 5, "black");
        Pool b = pool("b", 1, 0, 5, "black");
        // "a" has far more total free capacity but no single worker fits 0.8 after the first monitor
        Plan plan = plan(state(
                List.of(monitor("ns/1", 0.5, "black"), monitor("ns/2", 0.8, "black")),
                List.of(a, b),
                concat(workers("a", 1), workers("b", 1))));

        assertThat(plan.assignmentsOf(id("ns/1"))).extracting(Assignment::pool).containsExactly("a");
        assertThat(plan.assignmentsOf(id("ns/2"))).extracting(Assignment::pool).containsExactly("b");
    }

    @Test
    void best_fit_picks_the_fullest_worker_that_still_has_room() {
        Pool p = pool("video", 10, 0, 5, "black");
        // video-0 carries 7 (3 free), video-1 carries 5 (5 free), video-2 is empty
        Monitor big = monitor("ns/big", 7, 1, set("black"), shard("video", "video-0", 1, "black"));
        Monitor mid = monitor("ns/mid", 5, 1, set("black"), shard("video", "video-1", 1, "black"));
        Plan plan = plan(state(
                List.of(big, mid, monitor("ns/new", 2, "black"), monitor("ns/newer", 4, "black")),
                List.of(p),
                workers("video", 3)));

        assertThat(plan.assignmentsOf(id("ns/new")))
                .extracting(Assignment::worker)
                .containsExactly("video-0");
        assertThat(plan.assignmentsOf(id("ns/newer")))
                .extracting(Assignment::worker)
                .containsExactly("video-1");
    }

    @Test
    void equally_full_workers_are_chosen_by_name_in_ordinal_order() {
        Pool p = pool("video", 10, 0, 20, "black");
        Plan plan = plan(state(
                List.of(monitor("ns/m", 1, "black")),
                List.of(p),
                List.of(worker("video-10", "video"), worker("video-2", "video"))));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .extracting(Assignment::worker)
                .containsExactly("video-2");
    }

    @Test
    void never_puts_more_on_a_worker_than_its_capacity() {
        Pool p = pool("video", 2, 1, 1, "black");
        Plan plan = plan(state(
                List.of(monitor("ns/a", 1, "black"), monitor("ns/b", 1, "black"), monitor("ns/c", 1, "black")),
                List.of(p),
                workers("video", 1)));

        assertThat(plan.assignments()).containsOnlyKeys(id("ns/a"), id("ns/b"));
        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.monitor()).isEqualTo(id("ns/c"));
            assertThat(u.reason()).isEqualTo(UnplacedReason.NO_CAPACITY);
        });
    }

    @Test
    void detectors_no_pool_carries_are_reported_by_name_and_the_rest_still_runs() {
        Plan plan =
                plan(state(List.of(monitor("ns/m", 1, "black", "lipsync", "qr")), List.of(VIDEO), workers("video", 1)));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .extracting(Assignment::detectors)
                .containsExactly(set("black"));
        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.reason()).isEqualTo(UnplacedReason.NO_POOL_FOR_DETECTORS);
            assertThat(u.reason().conditionReason()).isEqualTo("NoPoolForDetectors");
            assertThat(u.detectors()).containsExactly("lipsync", "qr");
            assertThat(u.message()).isEqualTo("no pool carries lipsync, qr");
        });
        assertThat(plan.desiredWorkers()).containsEntry("video", 1);
    }

    @Test
    void no_capacity_names_the_pool_and_the_units_needed_against_free() {
        Pool p = pool("video", 4, 1, 1, "black");
        Plan plan = plan(state(
                List.of(monitor("ns/a", 3, "black"), monitor("ns/b", 2.5, "black")), List.of(p), workers("video", 1)));

        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.monitor()).isEqualTo(id("ns/b"));
            assertThat(u.reason().conditionReason()).isEqualTo("NoCapacity");
            assertThat(u.detectors()).containsExactly("black");
            assertThat(u.message())
                    .isEqualTo(
                            "pool video needs 2.5 units on one worker, largest free is 1 (1 free over 1 ready worker)");
        });
    }

    @Test
    void no_capacity_says_when_a_pool_has_no_ready_worker_or_a_stream_is_bigger_than_a_worker() {
        Pool p = pool("video", 4, 0, 3, "black");
        Plan noWorker =
                plan(state(List.of(monitor("ns/a", 1, "black")), List.of(p), List.of(dead("video-0", "video"))));
        assertThat(noWorker.unplaced())
                .singleElement()
                .extracting(Unplaced::message)
                .isEqualTo("pool video needs 1 units and has no ready worker");

        Plan tooBig = plan(state(List.of(monitor("ns/uhd", 9, "black")), List.of(p), workers("video", 1)));
        assertThat(tooBig.unplaced())
                .singleElement()
                .extracting(Unplaced::message)
                .isEqualTo("pool video needs 9 units on one worker but a worker holds at most 4");
    }

    @Test
    void a_shard_that_does_not_fit_leaves_the_other_shards_running() {
        Pool audio = pool("audio", 1, 1, 1, "silence");
        Monitor hog = monitor("ns/hog", 1, "silence");
        Plan plan = plan(state(
                List.of(hog, monitor("ns/m", 1, "black", "silence")),
                List.of(VIDEO, audio),
                concat(workers("video", 1), workers("audio", 1))));

        assertThat(plan.assignmentsOf(id("ns/m"))).extracting(Assignment::pool).containsExactly("video");
        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.reason()).isEqualTo(UnplacedReason.NO_CAPACITY);
            assertThat(u.detectors()).containsExactly("silence");
            assertThat(u.message()).startsWith("pool audio needs 1 units");
        });
    }

    @Test
    void when_the_fewest_pools_have_no_room_the_monitor_runs_on_more_pools_that_do() {
        Pool av = pool("av", 1, 1, 1, "black", "silence");
        Monitor hog = monitor("ns/hog", 1, 1, set("black"), shard("av", "av-0", 1, "black"));
        Plan plan = plan(state(
                List.of(hog, monitor("ns/m", 1, "black", "silence")),
                List.of(VIDEO, AUDIO, av),
                concat(workers("av", 1), concat(workers("video", 1), workers("audio", 1)))));

        assertThat(plan.assignmentsOf(id("ns/m"))).extracting(Assignment::pool).containsExactly("audio", "video");
        assertThat(plan.unplaced()).isEmpty();
    }

    @Test
    void the_pools_that_would_best_run_the_rest_are_the_ones_asked_to_grow() {
        Pool av = pool("av", 1, 1, 4, "black", "silence");
        Pool audio = pool("audio", 1, 1, 4, "silence");
        Monitor hogAv = monitor("ns/hog1", 1, 1, set("black"), shard("av", "av-0", 1, "black"));
        Monitor hogAudio = monitor("ns/hog2", 1, 1, set("silence"), shard("audio", "audio-0", 1, "silence"));
        Plan plan = plan(state(
                List.of(hogAv, hogAudio, monitor("ns/m", 1, "black", "silence")),
                List.of(VIDEO, audio, av),
                concat(workers("av", 1), concat(workers("video", 1), workers("audio", 1)))));

        // black runs on video; silence has no room anywhere: av and audio both carry it, audio sorts first
        assertThat(plan.assignmentsOf(id("ns/m"))).extracting(Assignment::pool).containsExactly("video");
        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.detectors()).containsExactly("silence");
            assertThat(u.message()).startsWith("pool audio needs 1 units");
        });
        assertThat(plan.desiredWorkers()).containsEntry("audio", 2).containsEntry("av", 1);
    }

    @Test
    void suspended_monitors_get_nothing_and_leave_their_workers_without_counting_as_moves() {
        Monitor running = monitor("ns/m", 1, 1, set("black"), shard("video", "video-0", 1, "black"));
        Plan plan = plan(state(
                List.of(suspended(running), suspended(monitor("ns/n", 1, "black"))),
                List.of(VIDEO),
                workers("video", 1)));

        assertThat(plan.assignments()).isEmpty();
        assertThat(plan.unplaced()).isEmpty();
        assertThat(plan.moves()).isZero();
    }

    @Test
    void dead_draining_and_unknown_pool_workers_get_no_work() {
        Plan plan = plan(state(
                List.of(monitor("ns/m", 1, "black")),
                List.of(VIDEO),
                List.of(
                        dead("video-0", "video"),
                        draining("video-1", "video"),
                        worker("x-0", "gone"),
                        worker("video-2", "video"))));

        assertThat(plan.assignmentsOf(id("ns/m")))
                .extracting(Assignment::worker)
                .containsExactly("video-2");
    }

    @Test
    void duplicate_names_are_rejected() {
        assertThatThrownBy(() -> plan(state(
                        List.of(monitor("ns/m", 1, "black"), monitor("ns/m", 2, "black")),
                        List.of(VIDEO),
                        workers("video", 1))))
                .hasMessageContaining("duplicate monitor ns/m");
        assertThatThrownBy(() -> plan(state(List.of(), List.of(VIDEO, VIDEO), List.of())))
                .hasMessageContaining("duplicate pool video");
    }

    @Test
    void invalid_records_are_rejected() {
        assertThatThrownBy(() -> monitor("ns/m", 0, "black")).hasMessageContaining("cost");
        assertThatThrownBy(() -> pool("p", 1, 3, 2)).hasMessageContaining("minWorkers");
        assertThatThrownBy(() -> pool("p", 0, 0, 2)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> MonitorId.of("nonamespace")).hasMessageContaining("namespace/name");
    }
}
