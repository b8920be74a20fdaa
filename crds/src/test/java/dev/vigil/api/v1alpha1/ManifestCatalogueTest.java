package dev.vigil.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.v1alpha1.testing.CrdFiles;
import dev.vigil.api.v1alpha1.testing.Manifest;
import dev.vigil.api.v1alpha1.testing.Manifest.Expectation;
import dev.vigil.api.v1alpha1.testing.SchemaValidator;
import dev.vigil.api.v1alpha1.testing.SchemaValidator.Violation;
import dev.vigil.api.v1alpha1.testing.Schemas;
import dev.vigil.api.v1alpha1.testing.Schemas.CelRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The example manifests against the committed CRDs: the valid ones pass every OpenAPI constraint and CEL
 * rule, each invalid one fails exactly the rule its header names, with the expected message, and every CEL
 * rule of the API is exercised by at least one invalid manifest.
 */
class ManifestCatalogueTest {

    static final List<Manifest> VALID = Manifest.catalogue("valid");
    static final List<Manifest> INVALID = Manifest.catalogue("invalid");

    private static final Map<String, JsonNode> SCHEMAS = Map.of(
            StreamMonitor.KIND, Schemas.openApiV3Schema(CrdFiles.committed(StreamMonitor.class)),
            WorkerPool.KIND, Schemas.openApiV3Schema(CrdFiles.committed(WorkerPool.class)));

    @Test
    void catalogueIsThere() {
        assertThat(VALID).hasSizeGreaterThanOrEqualTo(3);
        assertThat(INVALID).hasSizeGreaterThanOrEqualTo(20);
        assertThat(VALID).allSatisfy(m -> assertThat(m.expected()).as(m.name()).isEmpty());
        assertThat(INVALID).allSatisfy(m -> {
            assertThat(m.expected())
                    .as("%s: needs # field/rule/message header lines", m.name())
                    .isPresent();
            Expectation e = m.expected().orElseThrow();
            assertThat(List.of(e.field(), e.rule(), e.message())).as(m.name()).doesNotContainNull();
            assertThat(m.tree().path("metadata").path("name").asText())
                    .as("metadata.name of " + m.name())
                    .isEqualTo(m.name());
        });
    }

    @ParameterizedTest
    @FieldSource("VALID")
    void validManifestIsAccepted(Manifest manifest) {
        assertThat(SchemaValidator.validate(schemaOf(manifest), manifest.tree()))
                .as(manifest.name())
                .isEmpty();
    }

    @ParameterizedTest
    @FieldSource("INVALID")
    void invalidManifestIsRejectedByTheExpectedRule(Manifest manifest) {
        Expectation expected = manifest.expected().orElseThrow();
        List<Violation> violations = SchemaValidator.validate(schemaOf(manifest), manifest.tree());
        assertThat(violations).as(manifest.name()).hasSize(1);
        Violation v = violations.get(0);
        assertThat(v.field()).as(manifest.name()).isEqualTo(expected.field());
        assertThat(v.rule()).as(manifest.name()).isEqualTo(expected.rule());
        assertThat(v.message()).as(manifest.name()).contains(expected.message());
    }

    /** The rule an invalid manifest expects is in the schema where the manifest says, with that message. */
    @ParameterizedTest
    @FieldSource("INVALID")
    void expectedRuleIsInTheSchema(Manifest manifest) {
        Expectation e = manifest.expected().orElseThrow();
        JsonNode schema = schemaOf(manifest);
        String field = e.field();
        switch (e.rule()) {
            case "cel" ->
                assertThat(Schemas.at(schema, field).path("x-kubernetes-validations"))
                        .as("%s: CEL rules at %s", manifest.name(), field)
                        .anySatisfy(v -> assertThat(v.path("message").asText()).isEqualTo(e.message()));
            case "required" -> {
                int dot = field.lastIndexOf('.');
                JsonNode parent = dot < 0 ? schema : Schemas.at(schema, field.substring(0, dot));
                assertThat(parent.path("required"))
                        .as("%s: required of %s", manifest.name(), field)
                        .anySatisfy(r -> assertThat(r.asText()).isEqualTo(field.substring(dot + 1)));
            }
            case "exclusiveMinimum" ->
                assertThat(Schemas.at(schema, field).path("exclusiveMinimum").asBoolean())
                        .as("%s: exclusiveMinimum at %s", manifest.name(), field)
                        .isTrue();
            default ->
                assertThat(Schemas.at(schema, field).has(e.rule()))
                        .as("%s: %s at %s", manifest.name(), e.rule(), field)
                        .isTrue();
        }
    }

    @Test
    void everyCelRuleIsExercisedByAnInvalidManifest() {
        for (Map.Entry<String, JsonNode> kind : SCHEMAS.entrySet()) {
            List<CelRule> rules = Schemas.celRules(kind.getValue());
            assertThat(rules).as(kind.getKey()).isNotEmpty();
            for (CelRule rule : rules) {
                assertThat(INVALID)
                        .as(
                                "an invalid %s manifest for the rule at %s (%s)",
                                kind.getKey(), rule.field(), rule.message())
                        .anySatisfy(m -> {
                            assertThat(m.kind()).isEqualTo(kind.getKey());
                            Expectation e = m.expected().orElseThrow();
                            assertThat(e.rule()).isEqualTo("cel");
                            assertThat(Schemas.generic(e.field())).isEqualTo(rule.field());
                            assertThat(e.message()).isEqualTo(rule.message());
                        });
            }
        }
    }

    @Test
    void everyCelRuleCompiles() {
        SCHEMAS.values().forEach(schema -> Schemas.celRules(schema).forEach(r -> SchemaValidator.compile(r.rule())));
    }

    private static JsonNode schemaOf(Manifest manifest) {
        assertThat(SCHEMAS).as("kind of %s", manifest.name()).containsKey(manifest.kind());
        assertThat(manifest.tree().path("apiVersion").asText()).isEqualTo(VigilApi.API_VERSION);
        return SCHEMAS.get(manifest.kind());
    }
}
