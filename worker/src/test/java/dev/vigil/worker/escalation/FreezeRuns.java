package dev.vigil.worker.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.testing.CliRun;
import java.nio.file.Path;
import java.util.List;

/** The freezes {@code vigil analyze} reports on a clip in a decode profile, and how they compare with full decoding's. */
final class FreezeRuns {

    private FreezeRuns() {}

    static List<JsonNode> freezes(Path clip, String profile, boolean escalate) {
        return CliRun.analyseDecoded(clip, profile, escalate, "freeze").defects("freeze");
    }

    /** One freeze each, {@code other}'s start and end within {@code tolerance} seconds of {@code full}'s. */
    static void sameInterval(List<JsonNode> full, List<JsonNode> other, double tolerance) {
        assertThat(full).hasSize(1);
        assertThat(other).hasSize(1);
        for (String edge : List.of("startSec", "endSec")) {
            assertThat(other.get(0).get(edge).asDouble())
                    .as(edge)
                    .isCloseTo(full.get(0).get(edge).asDouble(), offset(tolerance));
        }
    }
}
