package dev.vigil.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.charts.Examples.Example;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example object through a server-side dry-run on a real API server (kube-api-test) with Vigil's CRDs.
 * Argo CD (Application), Flux (GitRepository, Kustomization) and Prometheus Operator (AlertmanagerConfig) kinds
 * go against minimal stand-in CRDs (src/test/resources/third-party-crds): the API server checks their group,
 * version, kind, namespace and required top-level spec fields, not the rest of those projects' schemas.
 */
class ExamplesApiServerTest {

    static final String NAMESPACE = "examples";

    static String missing;
    static ApiServer api;

    @BeforeAll
    static void start() throws IOException {
        missing = ApiServer.missingBinaries();
        if (missing != null) {
            return;
        }
        api = ApiServer.start();
        for (String file : List.of("monitoring.coreos.com.yaml", "gitops.yaml")) {
            api.installCrd(Files.readString(Path.of("src/test/resources/third-party-crds", file)));
        }
        for (String ns : List.of(NAMESPACE, "argocd", "flux-system")) {
            api.createNamespace(ns);
        }
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void requireApiServer() {
        Assumptions.assumeTrue(missing == null, () -> missing);
    }

    static List<Example> examples() {
        return Examples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void passesServerSideDryRun(Example example) {
        GenericKubernetesResource resource = api.generic(example.object());
        if (resource.getMetadata().getNamespace() == null) {
            resource.getMetadata().setNamespace(NAMESPACE);
        }
        GenericKubernetesResource answer =
                api.client.resource(resource).dryRun().fieldManager("kubectl").serverSideApply();
        assertThat(answer.getMetadata().getUid())
                .as("the API server accepted and defaulted it")
                .isNotBlank();
    }
}
