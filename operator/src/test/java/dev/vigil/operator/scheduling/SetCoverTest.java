package dev.vigil.operator.scheduling;

import static dev.vigil.operator.scheduling.Fixtures.pool;
import static dev.vigil.operator.scheduling.Fixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetCoverTest {

    @Test
    void one_pool_carrying_everything_beats_several() {
        SetCover cover = new SetCover(List.of(
                pool("video", 10, 0, 5, "black", "freeze"),
                pool("audio", 10, 0, 5, "silence"),
                pool("all", 10, 0, 5, "black", "freeze", "silence")));

        List<Cover> covers = cover.minimumCovers(set("black", "silence"));

        assertThat(covers).hasSize(1);
        assertThat(covers.get(0).pools()).containsExactly("all");
        assertThat(covers.get(0).shards().get("all")).containsExactly("black", "silence");
    }

    @Test
    void several_pools_split_the_detectors_and_a_shared_one_goes_to_one_pool_only() {
        SetCover cover = new SetCover(List.of(
                pool("video", 10, 0, 5, "black", "freeze", "stall"), pool("audio", 10, 0, 5, "silence", "stall")));

        List<Cover> covers = cover.minimumCovers(set("black", "silence", "stall"));

        assertThat(covers).hasSize(1);
        // stall is carried by both; the first pool by name takes it
        assertThat(covers.get(0).shards().get("audio")).containsExactly("silence", "stall");
        assertThat(covers.get(0).shards().get("video")).containsExactly("black");
    }

    @Test
    void all_minimum_alternatives_are_offered_sorted_by_pool_names() {
        SetCover cover = new SetCover(
                List.of(pool("b", 10, 0, 5, "x"), pool("a", 10, 0, 5, "x"), pool("c", 10, 0, 5, "x", "y")));

        assertThat(cover.minimumCovers(set("x")))
                .extracting(Cover::pools)
                .containsExactly(List.of("a"), List.of("b"), List.of("c"));
    }

    @Test
    void exact_search_finds_the_optimum_that_greedy_misses() {
        // greedy takes "wide" (4 detectors) and then needs two more pools; "left" + "right" do it with two
        SetCover cover = new SetCover(List.of(
                pool("wide", 10, 0, 5, "d1", "d2", "d3", "d4"),
                pool("left", 10, 0, 5, "d1", "d2", "d5"),
                pool("right", 10, 0, 5, "d3", "d4", "d6")));

        List<Cover> covers = cover.minimumCovers(set("d1", "d2", "d3", "d4", "d5", "d6"));

        assertThat(covers).extracting(Cover::pools).containsExactly(List.of("left", "right"));
    }

    @Test
    void detectors_no_pool_carries_give_no_cover() {
        SetCover cover = new SetCover(List.of(pool("video", 10, 0, 5, "black")));
        assertThat(cover.minimumCovers(set("black", "loudness"))).isEmpty();
        assertThat(cover.minimumCovers(set())).isEmpty();
    }

    @Test
    void beyond_the_exact_limit_greedy_still_covers_each_detector_once_without_redundant_pools() {
        List<Pool> pools = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pools.add(pool(String.format("p%02d", i), 10, 0, 5, "d" + i, "d" + (i + 1) % 20, "d" + (i + 7) % 20));
        }
        SetCover cover = new SetCover(pools);
        Set<String> wanted = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            wanted.add("d" + i);
        }

        List<Cover> covers = cover.minimumCovers(new java.util.TreeSet<>(wanted));

        assertThat(covers).hasSize(1);
        Cover c = covers.get(0);
        List<String> all = new ArrayList<>();
        c.shards().values().forEach(all::addAll);
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(wanted);
        // no pool is redundant: each has a detector only it carries within the cover
        for (String p : c.pools()) {
            assertThat(c.shards().get(p)).isNotEmpty();
            List<Pool> others = pools.stream()
                    .filter(q -> c.pools().contains(q.name()) && !q.name().equals(p))
                    .toList();
            assertThat(wanted.stream()
                            .allMatch(d ->
                                    others.stream().anyMatch(q -> q.detectors().contains(d))))
                    .as("cover without %s", p)
                    .isFalse();
        }
    }
}
