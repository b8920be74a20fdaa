package dev.vigil.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.v1alpha1.testing.SchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Argo CD health checks (charts/vigil/argocd/vigil.dev/KIND/health.lua) against their test cases, in Argo
 * CD's own layout: health_test.yaml lists {inputPath, healthStatus {status, message}}; testdata/ holds the
 * resources. The test data must itself be valid against the CRD (status included), so it looks like what the
 * operator and workers write.
 */
class ArgoHealthCheckTest {

    static final Path CHECKS = RepoPaths.chart().resolve("argocd/vigil.dev");

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String kind : List.of("StreamMonitor", "WorkerPool")) {
            Path dir = CHECKS.resolve(kind);
            JsonNode tests = Rendered.YAML
                    .readTree(dir.resolve("health_test.yaml").toFile())
                    .path("tests");
            for (JsonNode test : tests) {
                out.add(Arguments.of(kind + " " + test.path("inputPath").asText(), dir, test));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void healthMatchesTheExpectedCase(String name, Path dir, JsonNode test) throws IOException {
        JsonNode resource = Rendered.YAML.readTree(
                dir.resolve(test.path("inputPath").asText()).toFile());
        var health = ArgoHealthCheck.run(Files.readString(dir.resolve("health.lua")), resource);
        assertThat(health.status()).isEqualTo(test.at("/healthStatus/status").asText());
        assertThat(health.message()).isEqualTo(test.at("/healthStatus/message").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void testDataIsValidAgainstTheCrd(String name, Path dir, JsonNode test) throws IOException {
        JsonNode resource = Rendered.YAML.readTree(
                dir.resolve(test.path("inputPath").asText()).toFile());
        assertThat(SchemaValidator.validate(
                        Examples.schema(resource.path("kind").asText()), resource))
                .isEmpty();
    }

    /** Every case Argo CD users care about is covered, for each kind. */
    @Test
    void casesCoverEveryHealthStatus() throws IOException {
        Set<String> monitor = statuses("StreamMonitor");
        Set<String> pool = statuses("WorkerPool");
        assertThat(monitor).containsExactlyInAnyOrder("Healthy", "Degraded", "Progressing", "Suspended");
        assertThat(pool).containsExactlyInAnyOrder("Healthy", "Degraded", "Progressing");
        for (String kind : List.of("StreamMonitor", "WorkerPool")) {
            assertThat(Files.exists(CHECKS.resolve(kind).resolve("testdata/generation-mismatch.yaml")))
                    .isTrue();
        }
    }

    /** The argocd-cm snippet carries the scripts verbatim. */
    @Test
    void argocdConfigMapPatchEmbedsTheScripts() throws IOException {
        JsonNode patch = Rendered.YAML.readTree(
                RepoPaths.chart().resolve("argocd/argocd-cm-patch.yaml").toFile());
        assertThat(patch.at("/metadata/name").asText()).isEqualTo("argocd-cm");
        for (String kind : List.of("StreamMonitor", "WorkerPool")) {
            assertThat(patch.at("/data/resource.customizations.health.vigil.dev_" + kind)
                            .asText())
                    .isEqualTo(Files.readString(CHECKS.resolve(kind).resolve("health.lua")));
        }
    }

    static Set<String> statuses(String kind) throws IOException {
        Set<String> out = new TreeSet<>();
        Rendered.YAML
                .readTree(CHECKS.resolve(kind).resolve("health_test.yaml").toFile())
                .path("tests")
                .forEach(t -> out.add(t.at("/healthStatus/status").asText()));
        return out;
    }
}
