package dev.vigil.worker.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * A real etcd + kube-apiserver (fabric8 kube-api-test, binaries built by {@code hack/kube-testenv.sh}) with the
 * Vigil CRDs installed. {@link #start()} returns null when the binaries are missing, unless
 * {@code VIGIL_REQUIRE_KUBE_API=true} (CI), which makes it fail instead.
 */
public final class KubeApiTestServer implements AutoCloseable {

    public static final String VERSION = "1.34.4";
    private static final List<String> CRDS = List.of("streammonitors.vigil.dev-v1.yml", "workerpools.vigil.dev-v1.yml");

    private final KubeAPIServer server;
    private final KubernetesClient client;

    private KubeApiTestServer(KubeAPIServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    /** Why tests are skipped, or null when the binaries are there. */
    public static String missingBinaries() {
        Path bin = Path.of(testDir(), "k8s", VERSION + "-linux-" + arch());
        List<String> missing = new ArrayList<>();
        for (String binary : List.of("etcd", "kube-apiserver", "kubectl")) {
            if (!Files.isExecutable(bin.resolve(binary))) {
                missing.add(binary);
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        String message = "API server binaries missing in " + bin + " (" + String.join(", ", missing)
                + "): run hack/kube-testenv.sh to build them";
        if ("true".equalsIgnoreCase(System.getenv("VIGIL_REQUIRE_KUBE_API"))) {
            Assertions.fail(message + "; VIGIL_REQUIRE_KUBE_API=true requires them");
        }
        return message;
    }

    public static KubeApiTestServer start() {
        if (missingBinaries() != null) {
            return null;
        }
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(testDir())
                .withApiServerVersion(VERSION)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .build());
        server.start();
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
        for (String file : CRDS) {
            try (InputStream in = KubeApiTestServer.class.getResourceAsStream("/META-INF/vigil/crds/" + file)) {
                CustomResourceDefinition crd = client.getKubernetesSerialization()
                        .unmarshal(in, CustomResourceDefinition.class);
                client.resource(crd).create();
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(KubeApiTestServer::established, 60, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new KubeApiTestServer(server, client);
    }

    private static boolean established(CustomResourceDefinition crd) {
        // the status and its conditions appear in separate steps right after the create
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public KubernetesClient client() {
        return client;
    }

    public void createNamespace(String name) {
        client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    @Override
    public void close() {
        client.close();
        server.stop();
    }

    static String testDir() {
        String env = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
        return env != null && !env.isBlank() ? env
                : Path.of(System.getProperty("user.home"), ".cache", "vigil", "kube-api-test").toString();
    }

    static String arch() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
    }
}
