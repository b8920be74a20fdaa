package dev.vigil.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.v1alpha1.testing.SchemaValidator;
import dev.vigil.charts.Examples.Example;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The examples, without an API server: Vigil objects against the committed CRD schemas (OpenAPI and CEL rules,
 * the vigil-crds test-jar's validator), and the catalogue covers what docs promise. ExamplesApiServerTest sends
 * every object to a real API server.
 */
class ExamplesTest {

    static final Set<String> KNOWN_KINDS = Set.of(
            "StreamMonitor",
            "WorkerPool",
            "Secret",
            "Application",
            "GitRepository",
            "Kustomization",
            "AlertmanagerConfig");

    static List<Example> vigilObjects() {
        return Examples.all().stream()
                .filter(e -> e.object().path("apiVersion").asText().startsWith("vigil.dev/"))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vigilObjects")
    void vigilObjectsAreSchemaValid(Example example) {
        assertThat(SchemaValidator.validate(Examples.schema(example.kind()), example.object()))
                .isEmpty();
    }

    @Test
    void everyFileHoldsKnownKinds() {
        assertThat(Examples.files()).hasSizeGreaterThanOrEqualTo(15);
        for (Example example : Examples.all()) {
            assertThat(example.kind()).as(example.toString()).isIn(KNOWN_KINDS);
            assertThat(example.name()).as(example.toString()).isNotBlank();
        }
    }

    @Test
    void monitorsCoverEveryLiveProtocol() {
        Set<String> protocols = new TreeSet<>();
        for (Example e : ofKind("StreamMonitor")) {
            URI url = URI.create(e.object().at("/spec/source/url").asText());
            String path = url.getPath() == null ? "" : url.getPath();
            protocols.add(path.endsWith(".m3u8") ? "hls" : path.endsWith(".mpd") ? "dash" : url.getScheme());
        }
        assertThat(protocols).contains("hls", "dash", "rtmp", "srt", "rtsp", "udp");
    }

    /**
     * Every secretRef names a Secret of the same file that has the keys the reference reads and consents to the use
     * (label vigil.dev/usage: source or webhook); webhooks with credentials are https.
     */
    @Test
    void secretRefsPointAtTheirSecrets() {
        int refs = 0;
        for (Example e : ofKind("StreamMonitor")) {
            JsonNode source = e.object().at("/spec/source/secretRef");
            if (!source.isMissingNode()) {
                refs++;
                Set<String> keys = secretKeys(e, source.path("name").asText());
                assertThat(usage(e, source.path("name").asText()))
                        .as(e + " source Secret")
                        .isEqualTo("source");
                if (e.object().at("/spec/source/url").asText().startsWith("srt:")) {
                    assertThat(keys).contains(source.path("passphraseKey").asText("passphrase"));
                } else {
                    assertThat(keys)
                            .contains(
                                    source.path("usernameKey").asText("username"),
                                    source.path("passwordKey").asText("password"));
                }
            }
            for (JsonNode hook : e.object().at("/spec/notify/webhooks")) {
                if (hook.has("secretRef")) {
                    refs++;
                    assertThat(secretKeys(e, hook.at("/secretRef/name").asText()))
                            .contains(hook.at("/secretRef/key").asText());
                    assertThat(usage(e, hook.at("/secretRef/name").asText()))
                            .as(e + " webhook Secret")
                            .isEqualTo("webhook");
                    assertThat(hook.path("url").asText()).startsWith("https://");
                }
            }
        }
        assertThat(refs).isGreaterThanOrEqualTo(3);
    }

    /** A monitor's model:<name> detectors are carried by an example pool, so the example can be scheduled. */
    @Test
    void modelDetectorsHaveAPool() {
        Set<String> pooled = new HashSet<>();
        ofKind("WorkerPool").forEach(p -> p.object().at("/spec/detectors").forEach(d -> pooled.add(d.asText())));
        Set<String> models = new TreeSet<>();
        ofKind("StreamMonitor")
                .forEach(m -> m.object()
                        .path("spec")
                        .path("detectors")
                        .fieldNames()
                        .forEachRemaining(d -> {
                            if (d.startsWith("model:")) {
                                models.add(d);
                            }
                        }));
        assertThat(models).isNotEmpty();
        assertThat(pooled).containsAll(models);
    }

    static List<Example> ofKind(String kind) {
        return Examples.all().stream().filter(e -> kind.equals(e.kind())).toList();
    }

    static String usage(Example monitor, String name) {
        return secret(monitor, name)
                .object()
                .at("/metadata/labels")
                .path("vigil.dev/usage")
                .asText(null);
    }

    static Example secret(Example monitor, String name) {
        return Examples.all().stream()
                .filter(e -> e.file().equals(monitor.file()) && "Secret".equals(e.kind()) && name.equals(e.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(monitor + ": no Secret " + name + " in the same file"));
    }

    static Set<String> secretKeys(Example monitor, String name) {
        Example secret = secret(monitor, name);
        Set<String> keys = new HashSet<>();
        secret.object().path("stringData").fieldNames().forEachRemaining(keys::add);
        secret.object().path("data").fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
