package dev.vigil.worker.testing;

import dev.vigil.api.v1alpha1.testing.KubeApiBinaries;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.KubeAPITestException;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * One real API server (etcd + kube-apiserver 1.34.4 through fabric8 kube-api-test, binaries from
 * {@code hack/kube-testenv.sh}) for every worker test class in the JVM, with the Vigil CRDs installed from the
 * vigil-crds jar. Each test takes a namespace of its own. Without the binaries the tests are skipped, or fail
 * when {@code VIGIL_REQUIRE_KUBE_API=true} (CI).
 */
public final class KubeApi {

    static final String VERSION = KubeApiBinaries.VERSION;
    private static final List<String> CRDS = List.of("streammonitors.vigil.dev-v1.yml", "workerpools.vigil.dev-v1.yml");
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static KubeApi shared;
    private static String missing;

    private final KubeAPIServer server;
    private final String kubeconfig;
    private final KubernetesClient client;

    private KubeApi(KubeAPIServer server, String kubeconfig) {
        this.server = server;
        this.kubeconfig = kubeconfig;
        this.client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig))
                .build();
    }

    /** The shared server, started on first use; skips (or fails in CI) the calling test without binaries. */
    public static synchronized KubeApi require() {
        if (shared == null && missing == null) {
            start();
        }
        if (missing != null) {
            Assumptions.assumeTrue(false, missing);
        }
        return shared;
    }

    /** A client of the tests' own (not the worker's). */
    public KubernetesClient client() {
        return client;
    }

    /** A fresh client config for the server (each worker runtime gets its own client). */
    public Config config() {
        return Config.fromKubeconfig(kubeconfig);
    }

    /** The kubeconfig of the server, as YAML (for a worker started as a process). */
    public String kubeconfigYaml() {
        return kubeconfig;
    }

    /** Creates a namespace no other test uses. */
    public String newNamespace(String prefix) {
        String name = prefix + "-" + NAMESPACES.incrementAndGet();
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
        return name;
    }

    private static void start() {
        String dir = KubeApiBinaries.testDir();
        missing = KubeApiBinaries.unavailable();
        if (missing != null) {
            return;
        }
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir)
                .withApiServerVersion(VERSION)
                .withOfflineMode(true)
                .withStartupTimeout(180_000) // a loaded machine may take more than the default minute
                .withUpdateKubeConfig(false)
                .build());
        try {
            server.start();
        } catch (KubeAPITestException e) {
            // etcd or the API server came up too slowly on a loaded machine: once more, from a clean start
            server.stop();
            server.start();
        }
        KubeApi api = new KubeApi(server, server.getKubeConfigYaml());
        for (String file : CRDS) {
            try (InputStream in = KubeApi.class.getResourceAsStream("/META-INF/vigil/crds/" + file)) {
                CustomResourceDefinition crd =
                        api.client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                api.client.resource(crd).create();
                api.client
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(crd.getMetadata().getName())
                        .waitUntilCondition(
                                c -> c != null
                                        && c.getStatus() != null
                                        && c.getStatus().getConditions() != null
                                        && c.getStatus().getConditions().stream()
                                                .anyMatch(x -> "Established".equals(x.getType())
                                                        && "True".equals(x.getStatus())),
                                30,
                                TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.client.close();
            server.stop();
        }));
        shared = api;
    }
}
