package dev.vigil.charts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.api.v1alpha1.testing.KubeApiBinaries;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd + kube-apiserver 1.34.4 (fabric8 kube-api-test, binaries from hack/kube-testenv.sh), with Vigil's
 * CRDs installed from crds/generated. RBAC authorization is on, so rights can be checked by impersonation.
 *
 * <p>{@link #start()} returns null when the binaries are missing (the caller skips), or fails when
 * {@code VIGIL_REQUIRE_KUBE_API=true} (CI).
 */
final class ApiServer implements AutoCloseable {

    static final String VERSION = KubeApiBinaries.VERSION;

    final KubeAPIServer server;
    final KubernetesClient client;
    final Config config;

    private ApiServer(KubeAPIServer server, Config config) {
        this.server = server;
        this.config = config;
        this.client = new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Why the API server cannot start here, or null when it can. */
    static String missingBinaries() {
        String message = KubeApiBinaries.unavailable();
        if (message == null) {
            return null;
        }
        System.err.println("skipped: " + message);
        return message;
    }

    static ApiServer start() {
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(KubeApiBinaries.testDir())
                .withApiServerVersion(VERSION)
                .withOfflineMode(true)
                .withStartupTimeout(180_000) // a loaded machine may take more than the default minute
                .withUpdateKubeConfig(false)
                .build());
        server.start();
        ApiServer api = new ApiServer(server, Config.fromKubeconfig(server.getKubeConfigYaml()));
        try (Stream<Path> files = Files.list(RepoPaths.generatedCrds())) {
            for (Path file : files.sorted().toList()) {
                api.installCrd(Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return api;
    }

    /** Creates a CRD and waits until it is served. */
    void installCrd(String yaml) {
        for (ObjectNode object : Rendered.parse(yaml).objects()) {
            CustomResourceDefinition crd =
                    client.getKubernetesSerialization().convertValue(object, CustomResourceDefinition.class);
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
    }

    void createNamespace(String name) {
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    GenericKubernetesResource generic(ObjectNode object) {
        return client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
    }

    /** A client that acts as a ServiceAccount (impersonation), so RBAC decides what it may do. */
    KubernetesClient as(String namespace, String serviceAccount) {
        Config impersonating = Config.fromKubeconfig(server.getKubeConfigYaml());
        impersonating.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
        impersonating.setImpersonateGroups(
                "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
        return new KubernetesClientBuilder().withConfig(impersonating).build();
    }

    @Override
    public void close() {
        client.close();
        server.stop();
    }
}
