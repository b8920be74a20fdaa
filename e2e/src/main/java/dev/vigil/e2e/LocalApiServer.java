package dev.vigil.e2e;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd + kube-apiserver on loopback (fabric8 kube-api-test, binaries built by hack/kube-testenv.sh),
 * with Vigil's CRDs installed and a kubeconfig file that child processes and kubectl use.
 */
public final class LocalApiServer implements AutoCloseable {

    public static final String VERSION = "1.34.4";

    private final KubeAPIServer server;
    private final Path kubeconfig;
    private final KubernetesClient client;

    private LocalApiServer(KubeAPIServer server, Path kubeconfig, KubernetesClient client) {
        this.server = server;
        this.kubeconfig = kubeconfig;
        this.client = client;
    }

    /** Why the API server cannot start here (binaries missing), or null when it can. */
    public static String missingBinaries() {
        Path dir = binDir();
        List<String> missing = new ArrayList<>();
        for (String binary : List.of("etcd", "kube-apiserver", "kubectl")) {
            if (!Files.isExecutable(dir.resolve(binary))) {
                missing.add(binary);
            }
        }
        return missing.isEmpty()
                ? null
                : "API server binaries missing in " + dir + " (" + String.join(", ", missing)
                        + "): run hack/kube-testenv.sh to build them";
    }

    /** Starts the server, installs the CRDs from {@code crds/generated} under the repository root. */
    public static LocalApiServer start(Path repoRoot) {
        String missing = missingBinaries();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(testDir().toString())
                .withApiServerVersion(VERSION)
                .withOfflineMode(true)
                .withStartupTimeout(180_000) // a loaded machine may take more than the default minute
                .withUpdateKubeConfig(false)
                .build());
        server.start();
        try {
            String yaml = server.getKubeConfigYaml();
            Path kubeconfig = Files.createTempFile("vigil-local-kubeconfig", ".yaml");
            Files.writeString(kubeconfig, yaml);
            KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(yaml))
                    .build();
            LocalApiServer local = new LocalApiServer(server, kubeconfig, client);
            local.installCrds(repoRoot.resolve("crds").resolve("generated"));
            return local;
        } catch (IOException e) {
            server.stop();
            throw new UncheckedIOException(e);
        }
    }

    private void installCrds(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(
                            p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            CustomResourceDefinition crd = client.getKubernetesSerialization()
                    .unmarshal(Files.readString(file), CustomResourceDefinition.class);
            client.resource(crd).serverSideApply();
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
    }

    public void createNamespace(String name) {
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    public KubernetesClient client() {
        return client;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The kubectl that sits beside the API server binaries. */
    public Path kubectl() {
        return binDir().resolve("kubectl");
    }

    @Override
    public void close() {
        client.close();
        server.stop();
        try {
            Files.deleteIfExists(kubeconfig);
        } catch (IOException ignored) {
            // a temp file; the OS cleans it up
        }
    }

    /** {@code KUBE_API_TEST_DIR} as kube-api-test reads it, defaulting to where hack/kube-testenv.sh installs. */
    static Path testDir() {
        String env = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
        return env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "vigil", "kube-api-test");
    }

    static Path binDir() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return testDir()
                .resolve("k8s")
                .resolve(VERSION + "-linux-" + (arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64"));
    }
}
