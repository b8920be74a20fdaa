package dev.vigil.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.api.v1alpha1.testing.CrdFiles;
import dev.vigil.api.v1alpha1.testing.Schemas;
import dev.vigil.api.v1alpha1.validation.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** What the committed CRD YAML must say: names, printer columns, subresources, constraints and CEL rules. */
class CrdSchemaTest {

    private static final JsonNode SM = CrdFiles.committed(StreamMonitor.class);
    private static final JsonNode WP = CrdFiles.committed(WorkerPool.class);
    private static final JsonNode SM_SCHEMA = Schemas.openApiV3Schema(SM);
    private static final JsonNode WP_SCHEMA = Schemas.openApiV3Schema(WP);

    @Test
    void streamMonitorNames() {
        assertNames(SM, "StreamMonitor", "streammonitors", "streammonitor", "sm");
    }

    @Test
    void workerPoolNames() {
        assertNames(WP, "WorkerPool", "workerpools", "workerpool", "wp");
    }

    @Test
    void streamMonitorPrinterColumns() {
        assertThat(version(SM).path("additionalPrinterColumns"))
                .extracting(
                        c -> c.path("name").asText(),
                        c -> c.path("jsonPath").asText(),
                        c -> c.path("type").asText(),
                        c -> c.path("priority").asInt())
                .containsExactly(
                        tuple("Health", ".status.health", "string", 0),
                        tuple("Defects", ".status.activeDefectTypes", "string", 0),
                        tuple("Source", ".spec.source.url", "string", 0),
                        tuple("Worker", ".status.worker", "string", 0),
                        tuple("Ready", ".status.conditions[?(@.type==\"Ready\")].status", "string", 0),
                        tuple("Age", ".metadata.creationTimestamp", "date", 0));
    }

    @Test
    void workerPoolPrinterColumns() {
        assertThat(version(WP).path("additionalPrinterColumns"))
                .extracting(
                        c -> c.path("name").asText(),
                        c -> c.path("jsonPath").asText(),
                        c -> c.path("type").asText(),
                        c -> c.path("priority").asInt())
                .containsExactly(
                        tuple("Workers", ".status.readyWorkers", "integer", 0),
                        tuple("Desired", ".status.desiredWorkers", "integer", 1),
                        tuple("Used", ".status.capacityUsed", "number", 0),
                        tuple("Total", ".status.capacityTotal", "number", 0),
                        tuple("Monitors", ".status.monitorsPlaced", "integer", 0),
                        tuple("Ready", ".status.conditions[?(@.type==\"Ready\")].status", "string", 0),
                        tuple("Age", ".metadata.creationTimestamp", "date", 0));
    }

    @Test
    void printerColumnsPointAtFieldsThatExist() {
        for (JsonNode crd : List.of(SM, WP)) {
            JsonNode schema = Schemas.openApiV3Schema(crd);
            version(crd).path("additionalPrinterColumns").forEach(c -> {
                String path = c.path("jsonPath").asText();
                if (!path.startsWith(".metadata.")) {
                    String field = path.substring(1).replaceAll("\\[\\?\\(.*\\)]", "[*]");
                    assertThat(Schemas.at(schema, field).isMissingNode())
                            .as(path)
                            .isFalse();
                }
            });
        }
    }

    @Test
    void statusSubresourceAndVersion() {
        for (JsonNode crd : List.of(SM, WP)) {
            JsonNode v = version(crd);
            assertThat(crd.path("spec").path("versions")).hasSize(1);
            assertThat(v.path("name").asText()).isEqualTo(VigilApi.VERSION);
            assertThat(v.path("served").asBoolean()).isTrue();
            assertThat(v.path("storage").asBoolean()).isTrue();
            assertThat(v.path("subresources").has("status")).isTrue();
        }
    }

    @Test
    void statusHasObservedGenerationAndConditions() {
        for (JsonNode schema : List.of(SM_SCHEMA, WP_SCHEMA)) {
            assertThat(Schemas.at(schema, "status.observedGeneration")
                            .path("type")
                            .asText())
                    .isEqualTo("integer");
            JsonNode condition = Schemas.at(schema, "status.conditions[0]");
            assertThat(fieldNames(condition.path("properties")))
                    .containsExactlyInAnyOrder(
                            "type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
            assertThat(texts(condition.path("properties").path("status").path("enum")))
                    .containsExactly("False", "True", "Unknown");
            assertThat(texts(condition.path("required"))).containsExactlyInAnyOrder("type", "status");
        }
        assertThat(texts(Schemas.at(SM_SCHEMA, "status.health").path("enum")))
                .containsExactlyInAnyOrder("Healthy", "Degraded", "Down", "Pending");
        assertThat(Schemas.at(SM_SCHEMA, "status.recentDefects")
                        .path("maxItems")
                        .asInt())
                .isEqualTo(StreamMonitorStatus.MAX_RECENT_DEFECTS)
                .isEqualTo(20);
    }

    @Test
    void streamMonitorCelRules() {
        assertThat(Schemas.celRules(SM_SCHEMA))
                .extracting(Schemas.CelRule::field, Schemas.CelRule::rule, Schemas.CelRule::message)
                .containsExactlyInAnyOrder(
                        tuple("spec.detectors", Rules.DETECTOR_KEYS, Rules.DETECTOR_KEYS_MESSAGE),
                        tuple("spec.notify.webhooks[*].url", Rules.WEBHOOK_URL, Rules.WEBHOOK_URL_MESSAGE),
                        tuple("spec.notify.webhooks[*]", Rules.WEBHOOK_CREDENTIALS, Rules.WEBHOOK_CREDENTIALS_MESSAGE),
                        tuple("spec.source", Rules.SOURCE_OPTION_SCHEME, Rules.SOURCE_OPTION_SCHEME_MESSAGE),
                        tuple("spec.source.url", Rules.SOURCE_URL, Rules.SOURCE_URL_MESSAGE),
                        tuple("spec.source.url", Rules.SOURCE_URL_FILE, Rules.SOURCE_URL_FILE_MESSAGE),
                        tuple("spec.source.url", Rules.SOURCE_URL_SERVER, Rules.SOURCE_URL_SERVER_MESSAGE),
                        tuple("spec.source.url", Rules.SOURCE_URL_SRT, Rules.SOURCE_URL_SRT_MESSAGE),
                        tuple("spec.source.url", Rules.SOURCE_URL_DATAGRAM, Rules.SOURCE_URL_DATAGRAM_MESSAGE),
                        tuple("spec.source.options", Rules.SOURCE_OPTION_KEYS, Rules.SOURCE_OPTION_KEYS_MESSAGE),
                        tuple("spec.source.options", Rules.SOURCE_OPTION_VALUES, Rules.SOURCE_OPTION_VALUES_MESSAGE));
    }

    @Test
    void workerPoolCelRules() {
        assertThat(Schemas.celRules(WP_SCHEMA))
                .extracting(Schemas.CelRule::field, Schemas.CelRule::rule, Schemas.CelRule::message)
                .containsExactlyInAnyOrder(
                        tuple("spec", Rules.WORKERS_RANGE, Rules.WORKERS_RANGE_MESSAGE),
                        tuple("spec", Rules.MODELS_DECLARED, Rules.MODELS_DECLARED_MESSAGE),
                        tuple("spec.models", Rules.MODEL_NAMES_UNIQUE, Rules.MODEL_NAMES_UNIQUE_MESSAGE),
                        tuple("spec.models[*].source", Rules.MODEL_SOURCE, Rules.MODEL_SOURCE_MESSAGE),
                        tuple("spec.sources.filePaths", Rules.FILE_PATHS, Rules.FILE_PATHS_MESSAGE),
                        tuple("spec.detectors", Rules.DETECTOR_LIST, Rules.DETECTOR_LIST_MESSAGE),
                        tuple("spec.evidence", Rules.EVIDENCE_ONE_LINK_KIND, Rules.EVIDENCE_ONE_LINK_KIND_MESSAGE));
    }

    @Test
    void streamMonitorConstraints() {
        assertThat(texts(Schemas.at(SM_SCHEMA, "spec").path("required"))).containsExactly("source");
        assertThat(texts(Schemas.at(SM_SCHEMA, "spec.source").path("required"))).containsExactly("url");
        assertRange(SM_SCHEMA, "spec.source.openTimeoutSec", 1, 300);
        assertRange(SM_SCHEMA, "spec.source.readTimeoutSec", 1, 300);
        assertRange(SM_SCHEMA, "spec.detectors[x].raiseSec", 0, 3600);
        assertRange(SM_SCHEMA, "spec.detectors[x].clearSec", 0, 3600);
        assertThat(Schemas.at(SM_SCHEMA, "spec.source.url").path("maxLength").asInt())
                .isEqualTo(2048);
        assertThat(Schemas.at(SM_SCHEMA, "spec.detectors").path("maxProperties").asInt())
                .isEqualTo(32);
        assertThat(Schemas.at(SM_SCHEMA, "spec.detectors[x].thresholds[y]")
                        .path("type")
                        .asText())
                .isEqualTo("number");
        assertThat(texts(Schemas.at(SM_SCHEMA, "spec.detectors[x].severity").path("enum")))
                .containsExactlyInAnyOrder("minor", "major", "critical");
        assertThat(Schemas.at(SM_SCHEMA, "spec.detectors[x].enabled")
                        .path("default")
                        .asBoolean())
                .isTrue();
        assertThat(Schemas.at(SM_SCHEMA, "spec.notify.events").path("default").asBoolean())
                .isTrue();
        assertThat(Schemas.at(SM_SCHEMA, "spec.suspend").path("default").asBoolean(true))
                .isFalse();
        assertThat(Schemas.at(SM_SCHEMA, "spec.notify.webhooks")
                        .path("maxItems")
                        .asInt())
                .isEqualTo(8);
        assertThat(texts(Schemas.at(SM_SCHEMA, "spec.notify.webhooks[0]").path("required")))
                .containsExactly("url");
        assertThat(texts(Schemas.at(SM_SCHEMA, "spec.source.secretRef").path("required")))
                .containsExactly("name");
        assertThat(fieldNames(Schemas.at(SM_SCHEMA, "spec.source.secretRef").path("properties")))
                .containsExactlyInAnyOrder("name", "usernameKey", "passwordKey", "passphraseKey");
        assertThat(Schemas.at(SM_SCHEMA, "spec.source.options[k]").path("type").asText())
                .isEqualTo("string");
        assertThat(Schemas.at(SM_SCHEMA, "spec.source.options[k]")
                        .path("maxLength")
                        .asInt())
                .isEqualTo(512);
        assertThat(Schemas.at(SM_SCHEMA, "spec.source.options")
                        .path("maxProperties")
                        .asInt())
                .isEqualTo(32);
    }

    @Test
    void workerPoolConstraints() {
        assertThat(texts(Schemas.at(WP_SCHEMA, "spec").path("required")))
                .containsExactlyInAnyOrder("detectors", "capacity", "maxWorkers");
        JsonNode detectors = Schemas.at(WP_SCHEMA, "spec.detectors");
        assertThat(detectors.path("minItems").asInt()).isEqualTo(1);
        assertThat(detectors.path("maxItems").asInt()).isEqualTo(16);
        JsonNode capacity = Schemas.at(WP_SCHEMA, "spec.capacity");
        assertThat(capacity.path("type").asText()).isEqualTo("number");
        assertThat(capacity.path("minimum").asDouble()).isZero();
        assertThat(capacity.path("exclusiveMinimum").asBoolean()).isTrue();
        assertThat(Schemas.at(WP_SCHEMA, "spec.minWorkers").path("minimum").asInt())
                .isZero();
        assertThat(Schemas.at(WP_SCHEMA, "spec.minWorkers").path("default").asInt())
                .isEqualTo(1);
        assertThat(Schemas.at(WP_SCHEMA, "spec.maxWorkers").path("minimum").asInt())
                .isEqualTo(1);
        assertThat(Schemas.at(WP_SCHEMA, "spec.sources.filePaths")
                        .path("maxItems")
                        .asInt())
                .isEqualTo(16);
        assertThat(Schemas.at(WP_SCHEMA, "spec.sources.filePaths[0]")
                        .path("maxLength")
                        .asInt())
                .isEqualTo(256);
        assertThat(Schemas.at(WP_SCHEMA, "spec.sources.listen").path("default").asBoolean(true))
                .isFalse();
        JsonNode template = Schemas.at(WP_SCHEMA, "spec.template");
        assertThat(fieldNames(template.path("properties")))
                .containsExactlyInAnyOrder(
                        "image",
                        "imagePullPolicy",
                        "resources",
                        "nodeSelector",
                        "tolerations",
                        "env",
                        "serviceAccountName");
        assertThat(Schemas.at(WP_SCHEMA, "spec.template.resources.requests[cpu]")
                        .path("x-kubernetes-int-or-string")
                        .asBoolean())
                .isTrue();
        assertThat(fieldNames(Schemas.at(WP_SCHEMA, "status").path("properties")))
                .containsExactlyInAnyOrder(
                        "observedGeneration",
                        "conditions",
                        "readyWorkers",
                        "desiredWorkers",
                        "capacityUsed",
                        "capacityTotal",
                        "monitorsPlaced");
    }

    /** A structural schema: every node says its type (or is int-or-string). */
    @Test
    void schemasAreStructural() {
        for (JsonNode schema : List.of(SM_SCHEMA, WP_SCHEMA)) {
            List<String> untyped = new ArrayList<>();
            Schemas.walk(schema, "", (field, node) -> {
                if (!node.has("type")
                        && !node.path("x-kubernetes-int-or-string").asBoolean()) {
                    untyped.add(field);
                }
            });
            assertThat(untyped).isEmpty();
        }
    }

    private static void assertNames(JsonNode crd, String kind, String plural, String singular, String shortName) {
        JsonNode spec = crd.path("spec");
        assertThat(crd.path("metadata").path("name").asText()).isEqualTo(plural + "." + VigilApi.GROUP);
        assertThat(spec.path("group").asText()).isEqualTo(VigilApi.GROUP);
        assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
        JsonNode names = spec.path("names");
        assertThat(names.path("kind").asText()).isEqualTo(kind);
        assertThat(names.path("plural").asText()).isEqualTo(plural);
        assertThat(names.path("singular").asText()).isEqualTo(singular);
        assertThat(texts(names.path("shortNames"))).containsExactly(shortName);
        assertThat(texts(names.path("categories"))).containsExactly(VigilApi.CATEGORY);
    }

    private static void assertRange(JsonNode schema, String field, double min, double max) {
        JsonNode node = Schemas.at(schema, field);
        assertThat(node.path("minimum").asDouble(Double.NaN))
                .as(field + " minimum")
                .isEqualTo(min);
        assertThat(node.path("maximum").asDouble(Double.NaN))
                .as(field + " maximum")
                .isEqualTo(max);
        assertThat(node.has("exclusiveMinimum")).as(field).isFalse();
    }

    private static JsonNode version(JsonNode crd) {
        return crd.path("spec").path("versions").path(0);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
