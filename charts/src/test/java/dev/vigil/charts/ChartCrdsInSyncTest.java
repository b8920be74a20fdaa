package dev.vigil.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's crds/ is a copy of crds/generated (Helm installs CRDs only from a chart's own crds/ folder).
 * After changing the API: {@code cp crds/generated/*.yml charts/vigil/crds/}.
 */
class ChartCrdsInSyncTest {

    @Test
    void chartCrdsAreExactCopiesOfTheGeneratedOnes() throws IOException {
        Path chartCrds = RepoPaths.chart().resolve("crds");
        assertThat(names(chartCrds))
                .as("files in charts/vigil/crds")
                .isEqualTo(names(RepoPaths.generatedCrds()))
                .isNotEmpty();
        for (String name : names(RepoPaths.generatedCrds())) {
            assertThat(Files.readString(chartCrds.resolve(name)))
                    .as(
                            "charts/vigil/crds/%s differs from crds/generated/%s: cp crds/generated/*.yml charts/vigil/crds/",
                            name, name)
                    .isEqualTo(Files.readString(RepoPaths.generatedCrds().resolve(name)));
        }
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
