package dev.vigil.operator.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerNamesTest {

    @Test
    void ordinals_sort_as_numbers() {
        List<String> names = new ArrayList<>(List.of("video-10", "video-2", "audio-1", "video-1", "video-02"));
        names.sort(WorkerNames.ORDER);
        assertThat(names).containsExactly("audio-1", "video-1", "video-02", "video-2", "video-10");
    }

    @Test
    void order_is_total_and_consistent_with_equals() {
        assertThat(WorkerNames.compare("w-01", "w-1")).isNotZero();
        assertThat(WorkerNames.compare("w-01", "w-1")).isEqualTo(-WorkerNames.compare("w-1", "w-01"));
        assertThat(WorkerNames.compare("w-1", "w-1")).isZero();
    }
}
