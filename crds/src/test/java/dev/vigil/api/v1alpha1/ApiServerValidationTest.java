package dev.vigil.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.api.v1alpha1.testing.CrdFiles;
import dev.vigil.api.v1alpha1.testing.KubeApiBinaries;
import dev.vigil.api.v1alpha1.testing.Manifest;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRDs and the manifest catalogue against a real API server: fabric8 kube-api-test starts etcd and
 * kube-apiserver 1.34.4 (built by {@code hack/kube-testenv.sh}) once for the class. Every valid manifest must be
 * created, every invalid one rejected with the catalogue's field and message, and {@code kubectl} must show the
 * printer columns and resolve the short names and the category.
 *
 * <p>Without the binaries the class is skipped, or fails when {@code VIGIL_REQUIRE_KUBE_API=true} (CI).
 */
class ApiServerValidationTest {

    static final String VERSION = KubeApiBinaries.VERSION;
    static final String VALID_NS = "valid";
    static final String INVALID_NS = "invalid";
    static final String COLUMNS_NS = "columns";

    static KubeAPIServer server;
    static KubernetesClient client;
    static Path kubeconfig;
    static Path binDir;
    /** Why the tests are skipped: the binaries are missing and not required. */
    static String missingBinaries;

    @BeforeAll
    static void startApiServer() throws IOException {
        String dir = KubeApiBinaries.testDir();
        binDir = KubeApiBinaries.binDir();
        String message = KubeApiBinaries.unavailable();
        if (message != null) {
            // skipped per test, not for the class: surefire drops a class-level abort from its counts
            missingBinaries = message;
            System.err.println("ApiServerValidationTest skipped: " + message);
            return;
        }

        server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir)
                .withApiServerVersion(VERSION)
                .withOfflineMode(true)
                .withStartupTimeout(180_000) // a loaded machine may take more than the default minute
                .withUpdateKubeConfig(false)
                .build());
        server.start();
        String yaml = server.getKubeConfigYaml();
        kubeconfig = Files.createTempFile("vigil-kubeconfig", ".yaml");
        Files.writeString(kubeconfig, yaml);
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(yaml))
                .build();

        for (Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ?>> kind : CrdFiles.KINDS) {
            CustomResourceDefinition crd =
                    CrdFiles.parse(Files.readString(CrdFiles.committedDir().resolve(CrdFiles.fileName(kind))));
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
                                            .anyMatch(cond -> "Established".equals(cond.getType())
                                                    && "True".equals(cond.getStatus())),
                            30,
                            TimeUnit.SECONDS);
        }
        for (String ns : List.of(VALID_NS, INVALID_NS, COLUMNS_NS)) {
            client.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
        }
    }

    @BeforeEach
    void requireApiServer() {
        Assumptions.assumeTrue(missingBinaries == null, () -> missingBinaries);
    }

    @AfterAll
    static void stopApiServer() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
        if (kubeconfig != null) {
            Files.deleteIfExists(kubeconfig);
        }
    }

    static List<Manifest> valid() {
        return Manifest.catalogue("valid");
    }

    static List<Manifest> invalid() {
        return Manifest.catalogue("invalid");
    }

    static GenericKubernetesResource object(Manifest manifest, String namespace) {
        GenericKubernetesResource resource =
                client.getKubernetesSerialization().unmarshal(manifest.text(), GenericKubernetesResource.class);
        resource.getMetadata().setNamespace(namespace);
        return resource;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validManifestIsAccepted(Manifest manifest) {
        GenericKubernetesResource created =
                client.resource(object(manifest, VALID_NS)).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidManifestIsRejected(Manifest manifest) {
        Manifest.Expectation expected = manifest.expected().orElseThrow();
        KubernetesClientException e = catchThrowableOfType(
                KubernetesClientException.class,
                () -> client.resource(object(manifest, INVALID_NS)).create());
        assertThat(e).as("%s must be rejected", manifest).isNotNull();
        assertThat(e.getCode()).as("HTTP status; %s", e.getMessage()).isIn(400, 422);
        List<StatusCause> causes = e.getStatus().getDetails() == null
                ? List.of()
                : e.getStatus().getDetails().getCauses();
        String shown =
                causes.stream().map(c -> c.getField() + " -> " + c.getMessage()).collect(Collectors.joining("\n"));
        assertThat(causes)
                .as(
                        "a cause on %s containing \"%s\"; the server answered:\n%s",
                        expected.field(), expected.message(), shown)
                .anySatisfy(c -> {
                    assertThat(c.getField()).isEqualTo(expected.field());
                    assertThat(c.getMessage()).contains(expected.message());
                });
        assertThat(e.getStatus().getMessage()).contains(expected.field()).contains(expected.message());
    }

    @Test
    void kubectlShowsThePrinterColumnsShortNamesAndCategory() throws Exception {
        GenericKubernetesResource monitor =
                client.getKubernetesSerialization().unmarshal("""
                apiVersion: vigil.dev/v1alpha1
                kind: StreamMonitor
                metadata: {name: sports-hls, namespace: columns}
                spec:
                  source: {url: "https://cdn.example.com/live/sports/index.m3u8"}
                """, GenericKubernetesResource.class);
        monitor = client.resource(monitor).create();
        monitor.setAdditionalProperty(
                "status",
                Map.of(
                        "health", "Degraded",
                        "activeDefectTypes", "silence",
                        "worker", "general-7d9f-0",
                        "conditions",
                                List.of(Map.of(
                                        "type",
                                        "Ready",
                                        "status",
                                        "True",
                                        "reason",
                                        "Assigned",
                                        "message",
                                        "running",
                                        "lastTransitionTime",
                                        Instant.now().toString().replaceFirst("\\.\\d+Z$", "Z")))));
        client.resource(monitor).updateStatus();

        client.resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: vigil.dev/v1alpha1
                kind: WorkerPool
                metadata: {name: general, namespace: columns}
                spec: {detectors: [freeze], capacity: 8, maxWorkers: 2}
                """, GenericKubernetesResource.class))
                .create();

        List<String> sm = kubectl("get", "sm", "-n", COLUMNS_NS);
        assertThat(sm.get(0).split("\\s+"))
                .containsExactly("NAME", "HEALTH", "DEFECTS", "SOURCE", "WORKER", "READY", "AGE");
        assertThat(sm).hasSize(2);
        assertThat(sm.get(1).split("\\s+"))
                .startsWith(
                        "sports-hls",
                        "Degraded",
                        "silence",
                        "https://cdn.example.com/live/sports/index.m3u8",
                        "general-7d9f-0",
                        "True");

        List<String> wp = kubectl("get", "wp", "-n", COLUMNS_NS);
        assertThat(wp.get(0)).startsWith("NAME");
        assertThat(wp.get(1)).startsWith("general ");

        assertThat(String.join("\n", kubectl("get", "vigil", "-n", COLUMNS_NS, "-o", "name")))
                .contains("streammonitor.vigil.dev/sports-hls", "workerpool.vigil.dev/general");
    }

    /** Runs the kube-api-test directory's kubectl against the server; returns stdout's lines, fails on an error. */
    static List<String> kubectl(String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(binDir.resolve("kubectl").toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
        assertThat(process.exitValue()).as("%s:\n%s", command, out).isZero();
        return out.lines().toList();
    }
}
