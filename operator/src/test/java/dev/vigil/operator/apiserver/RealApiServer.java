package dev.vigil.operator.apiserver;

import dev.vigil.api.v1alpha1.testing.CrdFiles;
import dev.vigil.api.v1alpha1.testing.KubeApiBinaries;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of the tests against a real API server: fabric8 kube-api-test starts etcd and kube-apiserver 1.34.4
 * (binaries built by {@code hack/kube-testenv.sh}) once per test class, with RBAC authorization (kube-api-test
 * passes {@code --authorization-mode=RBAC}; its client certificate is in {@code system:masters}), and installs
 * the committed CRDs from {@code crds/generated}. Each test gets a fresh namespace. A class adds kube-apiserver
 * flags with {@link ApiServerFlags}.
 *
 * <p>Without the binaries the tests are skipped, or fail when {@code VIGIL_REQUIRE_KUBE_API=true} (CI).
 */
public abstract class RealApiServer {

    static final String VERSION = KubeApiBinaries.VERSION;

    protected static KubeAPIServer server;
    /** An admin client (system:masters). */
    protected static KubernetesClient admin;

    protected static String kubeconfig;
    private static String missingBinaries;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    /** The namespace of the running test, created before it. */
    protected String ns;

    @BeforeAll
    static void startApiServer(TestInfo info) throws IOException {
        String dir = KubeApiBinaries.testDir();
        String message = KubeApiBinaries.unavailable();
        if (message != null) {
            // skipped per test, not for the class: surefire drops a class-level abort from its counts
            missingBinaries = message;
            System.err.println("real-API-server tests skipped: " + message);
            return;
        }
        missingBinaries = null;
        KubeAPIServerConfigBuilder config = KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir)
                .withApiServerVersion(VERSION)
                .withOfflineMode(true)
                .withStartupTimeout(180_000) // a loaded machine may take more than the default minute
                .withUpdateKubeConfig(false);
        String[] flags = info.getTestClass()
                .map(c -> c.getAnnotation(ApiServerFlags.class))
                .map(ApiServerFlags::value)
                .orElse(new String[0]);
        for (int i = 0; i + 1 < flags.length; i += 2) {
            config.withApiServerFlag(flags[i], flags[i + 1]);
        }
        server = new KubeAPIServer(config.build());
        server.start();
        kubeconfig = server.getKubeConfigYaml();
        admin = client(c -> c);
        for (Class<? extends CustomResource<?, ?>> kind : CrdFiles.KINDS) {
            CustomResourceDefinition crd =
                    CrdFiles.parse(Files.readString(CrdFiles.committedDir().resolve(CrdFiles.fileName(kind))));
            admin.resource(crd).serverSideApply();
            admin.apiextensions()
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

    @AfterAll
    static void stopApiServer() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @BeforeEach
    void freshNamespace() {
        Assumptions.assumeTrue(missingBinaries == null, () -> missingBinaries);
        ns = getClass().getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "-"
                + NAMESPACES.incrementAndGet();
        if (ns.length() > 60) {
            ns = ns.substring(ns.length() - 60).replaceFirst("^[^a-z]+", "");
        }
        createNamespace(ns);
    }

    protected static void createNamespace(String name) {
        admin.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    /** A new client on the test server; {@code tune} adjusts its Config (impersonation, timeouts). */
    protected static KubernetesClient client(UnaryOperator<Config> tune) {
        Config config = Config.fromKubeconfig(kubeconfig);
        return new KubernetesClientBuilder().withConfig(tune.apply(config)).build();
    }

    /** A client that acts as a ServiceAccount (impersonation by the admin), so RBAC applies to its requests. */
    protected static KubernetesClient as(String namespace, String serviceAccount) {
        return client(c -> {
            c.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
            c.setImpersonateGroups(
                    "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
            return c;
        });
    }
}
