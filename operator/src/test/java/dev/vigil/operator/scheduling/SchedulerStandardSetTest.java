package dev.vigil.operator.scheduling;

import static dev.vigil.operator.scheduling.Fixtures.NOW;
import static dev.vigil.operator.scheduling.Fixtures.applied;
import static dev.vigil.operator.scheduling.Fixtures.concat;
import static dev.vigil.operator.scheduling.Fixtures.id;
import static dev.vigil.operator.scheduling.Fixtures.plan;
import static dev.vigil.operator.scheduling.Fixtures.pool;
import static dev.vigil.operator.scheduling.Fixtures.set;
import static dev.vigil.operator.scheduling.Fixtures.shard;
import static dev.vigil.operator.scheduling.Fixtures.state;
import static dev.vigil.operator.scheduling.Fixtures.workers;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A monitor that names no detectors asks for the standard set (the built-in detectors): it goes to the pool that
 * carries the largest part of the set, runs what that pool carries, is never split, and is never unplaced for a
 * built-in detector no pool carries.
 */
class SchedulerStandardSetTest {

    private static final Set<String> STANDARD =
            set("av_sync", "black", "blockiness", "clipping", "freeze", "loudness", "silence", "stall");
    private static final String[] WITHOUT_AV_SYNC = {
        "black", "blockiness", "clipping", "freeze", "loudness", "silence", "stall"
    };

    private static Monitor standard(String id, Assignment... current) {
        return new Monitor(MonitorId.of(id), STANDARD, 1, 1, false, List.of(current), true);
    }

    @Test
    void runs_on_the_pool_carrying_most_of_the_set_with_what_that_pool_carries() {
        Pool general = pool("general", 8, 1, 3, WITHOUT_AV_SYNC);
        Pool audio = pool("audio", 8, 1, 3, "silence", "clipping", "loudness");
        Pool gpu = pool("gpu", 4, 1, 3, "model:corruption");
        Plan plan = plan(state(
                List.of(standard("news/cnn")),
                List.of(general, audio, gpu),
                concat(workers("general", 1), concat(workers("audio", 1), workers("gpu", 1)))));

        assertThat(plan.assignmentsOf(id("news/cnn")))
                .containsExactly(new Assignment("general", "general-0", set(WITHOUT_AV_SYNC), 1, NOW));
        // av_sync is carried by no pool: not a reason to leave the monitor unscheduled
        assertThat(plan.unplaced()).isEmpty();
    }

    @Test
    void is_never_split_over_pools() {
        Pool video = pool("video", 8, 1, 3, "black", "freeze");
        Pool audio = pool("audio", 8, 1, 3, "silence", "clipping", "loudness");
        Plan plan = plan(state(
                List.of(standard("news/cnn")),
                List.of(video, audio),
                concat(workers("video", 1), workers("audio", 1))));

        assertThat(plan.assignmentsOf(id("news/cnn")))
                .containsExactly(new Assignment("audio", "audio-0", set("clipping", "loudness", "silence"), 1, NOW));
        assertThat(plan.unplaced()).isEmpty();
    }

    @Test
    void among_pools_carrying_as_much_one_with_room_wins() {
        Pool a = pool("a", 1, 1, 1, "black", "freeze");
        Pool b = pool("b", 1, 1, 1, "silence", "loudness");
        // a-0 is full with a monitor that names its detectors
        Monitor busy = new Monitor(
                MonitorId.of("news/busy"), set("black"), 1, 1, false, List.of(shard("a", "a-0", 1, "black")));
        Plan plan = plan(
                state(List.of(busy, standard("news/cnn")), List.of(a, b), concat(workers("a", 1), workers("b", 1))));

        assertThat(plan.assignmentsOf(id("news/cnn")))
                .extracting(Assignment::pool)
                .containsExactly("b");
    }

    @Test
    void waits_for_the_pool_carrying_most_rather_than_running_less_elsewhere() {
        Pool general = pool("general", 1, 1, 3, WITHOUT_AV_SYNC);
        Pool audio = pool("audio", 8, 1, 3, "silence", "loudness");
        Monitor busy = new Monitor(
                MonitorId.of("news/busy"),
                set("black"),
                1,
                1,
                false,
                List.of(shard("general", "general-0", 1, "black")));
        Plan plan = plan(state(
                List.of(busy, standard("news/cnn")),
                List.of(general, audio),
                concat(workers("general", 1), workers("audio", 1))));

        assertThat(plan.assignmentsOf(id("news/cnn"))).isEmpty();
        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.reason()).isEqualTo(UnplacedReason.NO_CAPACITY);
            assertThat(u.message()).contains("pool general");
        });
        // and that pool grows for it
        assertThat(plan.desiredWorkers().get("general")).isEqualTo(2);
    }

    @Test
    void a_namespace_whose_pools_carry_no_built_in_detector_reports_it() {
        Pool gpu = pool("gpu", 4, 1, 3, "model:corruption");
        Plan plan = plan(state(List.of(standard("news/cnn")), List.of(gpu), workers("gpu", 1)));

        assertThat(plan.assignmentsOf(id("news/cnn"))).isEmpty();
        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.reason()).isEqualTo(UnplacedReason.NO_POOL_FOR_DETECTORS);
            assertThat(u.message()).contains("standard set");
        });
    }

    @Test
    void a_running_shard_stays_and_follows_what_its_pool_carries() {
        Pool general = pool("general", 8, 1, 3, "black", "freeze");
        Pool bigger = pool("bigger", 8, 1, 3, WITHOUT_AV_SYNC);
        Monitor running = standard("news/cnn", shard("general", "general-0", 1, "black"));
        Plan plan = plan(
                state(List.of(running), List.of(general, bigger), concat(workers("general", 1), workers("bigger", 1))));

        // a pool carrying more is no cause to move; the shard takes the detector its pool added
        assertThat(plan.assignmentsOf(id("news/cnn")))
                .containsExactly(shard("general", "general-0", 1, "black", "freeze"));
        assertThat(plan.moves()).isZero();
        ClusterState after = applied(
                state(List.of(running), List.of(general, bigger), concat(workers("general", 1), workers("bigger", 1))),
                plan);
        Plan again = plan(after);
        assertThat(again.assignmentsOf(id("news/cnn"))).isEqualTo(plan.assignmentsOf(id("news/cnn")));
        assertThat(again.moves()).isZero();
    }

    @Test
    void a_standard_set_split_over_pools_is_brought_together_on_one() {
        Pool video = pool("video", 8, 1, 3, "black", "freeze", "blockiness");
        Pool audio = pool("audio", 8, 1, 3, "silence", "loudness");
        Monitor split = standard(
                "news/cnn",
                shard("video", "video-0", 1, "black", "freeze", "blockiness"),
                shard("audio", "audio-0", 1, "silence", "loudness"));
        Plan plan =
                plan(state(List.of(split), List.of(video, audio), concat(workers("video", 1), workers("audio", 1))));

        assertThat(plan.assignmentsOf(id("news/cnn")))
                .containsExactly(new Assignment("video", "video-0", set("black", "blockiness", "freeze"), 1, NOW));
        assertThat(plan.unplaced()).isEmpty();
    }
}
