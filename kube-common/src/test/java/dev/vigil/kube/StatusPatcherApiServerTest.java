package dev.vigil.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.status.Health;
import dev.vigil.api.v1alpha1.testing.KubeApiBinaries;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status-patch protocol on a real API server (etcd + kube-apiserver from {@code hack/kube-testenv.sh}; skipped
 * without them): one writer owns {@code health} and {@code worker} of a StreamMonitor's status, another writes
 * {@code lastUpdateTime} beside it. Only owned fields are sent, unchanged writes send nothing, a stale read meets
 * 409 and is read again, and neither writer loses the other's field.
 */
class StatusPatcherApiServerTest {

    private static KubeAPIServer server;
    private static KubernetesClient client;
    private static String missing;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private final List<StatusPatcher.Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private KubernetesClient writerClient;
    private StatusPatcher<StreamMonitor> writer;
    private String ns;

    /** The fields the writer under test owns. */
    record Display(Health health, String worker) {}

    @BeforeAll
    static void start() throws Exception {
        missing = KubeApiBinaries.unavailable();
        if (missing != null) {
            return;
        }
        server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(KubeApiBinaries.testDir())
                .withApiServerVersion(KubeApiBinaries.VERSION)
                .withOfflineMode(true)
                .withStartupTimeout(180_000) // a loaded machine may take more than the default minute
                .withUpdateKubeConfig(false)
                .build());
        server.start();
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
                .build();
        try (InputStream in = StatusPatcherApiServerTest.class.getResourceAsStream(
                "/META-INF/vigil/crds/streammonitors.vigil.dev-v1.yml")) {
            var crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            client.resource(crd).create();
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd.getMetadata().getName())
                    .waitUntilCondition(
                            c -> c != null
                                    && c.getStatus() != null
                                    && c.getStatus().getConditions() != null
                                    && c.getStatus().getConditions().stream()
                                            .anyMatch(x ->
                                                    "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                            30,
                            TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void namespace() {
        Assumptions.assumeTrue(missing == null, () -> missing);
        ns = "patch-" + NAMESPACES.incrementAndGet();
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create();
        // the writer's own client counts its requests by method
        Interceptor counting = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
                requests.computeIfAbsent(request.method(), m -> new AtomicInteger())
                        .incrementAndGet();
            }
        };
        writerClient = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", counting))
                .build();
        writer = new StatusPatcher<>(
                writerClient, StreamMonitor.class, m -> m.getMetadata().getUid(), 4, outcomes::add);
    }

    @AfterEach
    void closeWriter() {
        if (writerClient != null) {
            writerClient.close();
        }
    }

    private int requests(String method) {
        AtomicInteger n = requests.get(method);
        return n == null ? 0 : n.get();
    }

    @Test
    void writesOnlyItsFieldsAndNothingWhenUnchanged() {
        StreamMonitor created = create("news");
        otherWriterStamps("news", "2030-01-01T00:00:00Z");

        StatusPatcher.Answer<StreamMonitor> answer = writer.write(read("news"), owns(Health.HEALTHY, "general-0"));
        assertThat(answer.result()).isEqualTo(StatusPatcher.Result.WRITTEN);
        assertThat(answer.resource().getStatus().getHealth()).isEqualTo(Health.HEALTHY);
        StreamMonitor now = read("news");
        assertThat(now.getStatus().getHealth()).isEqualTo(Health.HEALTHY);
        assertThat(now.getStatus().getWorker()).isEqualTo("general-0");
        assertThat(now.getStatus().getLastUpdateTime()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(now.getSpec()).isEqualTo(created.getSpec());

        // the same again, even from the stale read: what was last written, so no request
        assertThat(writer.needsWrite(created, owns(Health.HEALTHY, "general-0")))
                .isFalse();
        assertThat(writer.write(created, owns(Health.HEALTHY, "general-0")).result())
                .isEqualTo(StatusPatcher.Result.UNCHANGED);
        // a writer that remembers nothing (a restart) compares with the resource: no request either
        StatusPatcher<StreamMonitor> restarted = new StatusPatcher<>(
                client, StreamMonitor.class, m -> m.getMetadata().getUid(), 4, outcomes::add);
        assertThat(restarted.write(now, owns(Health.HEALTHY, "general-0")).result())
                .isEqualTo(StatusPatcher.Result.UNCHANGED);
        assertThat(outcomes).containsExactly(StatusPatcher.Outcome.WRITTEN);
        // one PATCH, no GET before it
        assertThat(requests("PATCH")).isEqualTo(1);
        assertThat(requests("GET")).isZero();
    }

    @Test
    void aStaleReadMeetsAConflictAndIsWrittenAgainFromAFreshRead() {
        create("sports");
        StreamMonitor stale = read("sports");
        otherWriterStamps("sports", "2030-01-02T00:00:00Z");
        AtomicInteger computed = new AtomicInteger();
        StatusPatcher.Ownership<StreamMonitor, Display> counting = new Owned(Health.DEGRADED, "general-1") {
            @Override
            public Display wanted(StreamMonitor read, Display lastWritten) {
                computed.incrementAndGet();
                return super.wanted(read, lastWritten);
            }
        };

        assertThat(writer.write(stale, counting).result()).isEqualTo(StatusPatcher.Result.WRITTEN);
        assertThat(outcomes).containsExactly(StatusPatcher.Outcome.CONFLICT, StatusPatcher.Outcome.WRITTEN);
        assertThat(computed).hasValue(2); // computed again from the fresh read
        assertThat(requests("PATCH")).isEqualTo(2);
        assertThat(requests("GET")).isEqualTo(1); // the re-read after the conflict
        StreamMonitor now = read("sports");
        assertThat(now.getStatus().getHealth()).isEqualTo(Health.DEGRADED);
        assertThat(now.getStatus().getLastUpdateTime()).isEqualTo("2030-01-02T00:00:00Z");
    }

    @Test
    void conflictsBeyondTheAttemptsAreThrown() {
        create("weather");
        StreamMonitor stale = read("weather");
        otherWriterStamps("weather", "2030-01-03T00:00:00Z");
        StatusPatcher<StreamMonitor> once = new StatusPatcher<>(
                client, StreamMonitor.class, m -> m.getMetadata().getUid(), 1, outcomes::add);
        assertThatThrownBy(() -> once.write(stale, owns(Health.DOWN, "general-0")))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(read("weather").getStatus().getHealth()).isNull();
    }

    @Test
    void aNullValueRemovesTheField() {
        create("music");
        assertThat(writer.write(read("music"), owns(Health.PENDING, "general-0"))
                        .result())
                .isEqualTo(StatusPatcher.Result.WRITTEN);
        assertThat(writer.write(read("music"), owns(Health.PENDING, null)).result())
                .isEqualTo(StatusPatcher.Result.WRITTEN);
        StreamMonitor now = read("music");
        assertThat(now.getStatus().getWorker()).isNull();
        assertThat(now.getStatus().getHealth()).isEqualTo(Health.PENDING);
    }

    @Test
    void aDeletedResourceIsGone() {
        create("promo");
        StreamMonitor read = read("promo");
        client.resource(read).delete();
        client.resource(read).waitUntilCondition(m -> m == null, 30, TimeUnit.SECONDS);
        assertThat(writer.write(read, owns(Health.HEALTHY, "general-0")).result())
                .isEqualTo(StatusPatcher.Result.GONE);
    }

    private static Owned owns(Health health, String worker) {
        return new Owned(health, worker);
    }

    /** Owns health and worker; everything else of the status belongs to others. */
    static class Owned implements StatusPatcher.Ownership<StreamMonitor, Display> {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Display wanted;

        Owned(Health health, String worker) {
            this.wanted = new Display(health, worker);
        }

        @Override
        public Display wanted(StreamMonitor read, Display lastWritten) {
            return wanted;
        }

        @Override
        public Display actual(StreamMonitor read) {
            var s = read.getStatus();
            return s == null ? new Display(null, null) : new Display(s.getHealth(), s.getWorker());
        }

        @Override
        public Map<String, JsonNode> fields(Display wanted, StreamMonitor read) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            fields.put("health", wanted.health() == null ? null : JSON.valueToTree(wanted.health()));
            fields.put("worker", wanted.worker() == null ? null : JsonNodeFactory.instance.textNode(wanted.worker()));
            return fields;
        }
    }

    private StreamMonitor create(String name) {
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(new SourceSpec("srt://encoder:9000"));
        return client.resource(new StreamMonitor(ns, name, spec)).create();
    }

    private StreamMonitor read(String name) {
        return client.resources(StreamMonitor.class)
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    /** Another writer's field, written with a merge patch (no precondition): the resourceVersion moves on. */
    private void otherWriterStamps(String name, String time) {
        client.resources(StreamMonitor.class)
                .inNamespace(ns)
                .withName(name)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"lastUpdateTime\":\"" + time + "\"}}");
    }
}
