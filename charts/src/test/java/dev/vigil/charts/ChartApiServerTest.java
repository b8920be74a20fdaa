package dev.vigil.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.operator.pool.PoolResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's output against a real API server (kube-api-test, RBAC on): every values combination passes a
 * server-side dry-run (the Vigil CRDs installed first; PodMonitor/PrometheusRule against minimal stand-in CRDs,
 * which check only names and required top-level fields), and the operator's ServiceAccount, bound by the
 * chart's ClusterRole, can create every object the operator makes for a pool, as the operator builds it.
 */
class ChartApiServerTest {

    static String missing;
    static ApiServer api;

    @BeforeAll
    static void start() throws IOException {
        missing = ApiServer.missingBinaries();
        if (missing != null) {
            return;
        }
        api = ApiServer.start();
        api.installCrd(Files.readString(Path.of("src/test/resources/third-party-crds/monitoring.coreos.com.yaml")));
        api.createNamespace(Chart.NAMESPACE);
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

    static Stream<Arguments> combinations() {
        return Stream.of(
                Arguments.of("defaults", Map.of()),
                Arguments.of("two replicas", Map.of("operator.replicas", 2)),
                Arguments.of(
                        "ML pool on GPU", Map.of("workerPools.ml.enabled", true, "workerPools.ml.gpu.enabled", true)),
                Arguments.of("ML pool with a model", ChartTemplateTest.ML_POOL_WITH_MODEL),
                Arguments.of(
                        "monitoring",
                        Map.of(
                                "monitoring.podMonitor.enabled",
                                true,
                                "monitoring.prometheusRule.enabled",
                                true,
                                "monitoring.grafanaDashboard.enabled",
                                true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void renderedManifestsPassServerSideDryRun(String name, Map<String, Object> values) {
        Rendered rendered = Chart.render(values);
        assertThat(rendered.objects()).isNotEmpty();
        for (ObjectNode object : rendered.objects()) {
            GenericKubernetesResource resource = api.generic(object);
            GenericKubernetesResource answer =
                    api.client.resource(resource).dryRun().fieldManager("helm").serverSideApply();
            assertThat(answer.getMetadata().getName())
                    .isEqualTo(resource.getMetadata().getName());
        }
    }

    @Test
    void operatorAccountCanRunAPool() {
        for (ObjectNode object : Chart.render().objects()) {
            api.client.resource(api.generic(object)).fieldManager("helm").serverSideApply();
        }
        KubernetesClient operator = api.as(Chart.NAMESPACE, "vigil-operator");
        WorkerPool pool = operator.resources(WorkerPool.class)
                .inNamespace(Chart.NAMESPACE)
                .withName("standard")
                .get();
        assertThat(pool).isNotNull();

        // everything the operator applies for a pool, built by the operator's own code; the RoleBinding grants the
        // workers' ClusterRole, which the API server allows the operator through its `bind` on that one role
        List<HasMetadata> objects =
                PoolResources.all(pool, 2, "ghcr.io/vigil-dev/vigil-worker:0.1.0", 15, "vigil-worker");
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .containsExactly("ServiceAccount", "RoleBinding", "Service", "PodDisruptionBudget", "StatefulSet");
        for (HasMetadata object : objects) {
            operator.resource(object)
                    .fieldManager("vigil-operator")
                    .forceConflicts()
                    .serverSideApply();
        }
        assertThat(api.client
                        .apps()
                        .statefulSets()
                        .inNamespace(Chart.NAMESPACE)
                        .withName("standard")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(2);

        // placement: label a monitor for its worker, write its status; pool status; worker and leader Leases
        StreamMonitor monitor = api.client.resource(streamMonitor(api)).create();
        operator.resources(StreamMonitor.class)
                .inNamespace(Chart.NAMESPACE)
                .withName(monitor.getMetadata().getName())
                .edit(m -> {
                    m.getMetadata().setLabels(Map.of("workers.vigil.dev/standard-0", "true"));
                    return m;
                });
        operator.resources(StreamMonitor.class)
                .inNamespace(Chart.NAMESPACE)
                .withName(monitor.getMetadata().getName())
                .editStatus(m -> {
                    m.setStatus(new dev.vigil.api.v1alpha1.status.StreamMonitorStatus());
                    m.getStatus().setWorker("standard-0");
                    return m;
                });
        operator.resources(WorkerPool.class)
                .inNamespace(Chart.NAMESPACE)
                .withName("standard")
                .editStatus(p -> {
                    p.setStatus(new dev.vigil.api.v1alpha1.status.WorkerPoolStatus());
                    p.getStatus().setDesiredWorkers(2);
                    return p;
                });
        // worker membership watches Leases in every namespace
        assertThat(operator.leases()
                        .inAnyNamespace()
                        .withLabel("vigil.dev/pool")
                        .list()
                        .getItems())
                .isEmpty();
        operator.resource(new LeaseBuilder()
                        .withNewMetadata()
                        .withName("vigil-operator")
                        .withNamespace(Chart.NAMESPACE)
                        .endMetadata()
                        .withNewSpec()
                        .withHolderIdentity("vigil-operator-0")
                        .withLeaseDurationSeconds(15)
                        .endSpec()
                        .build())
                .create();

        // and no more than that: no Secrets at all, no other role bound
        assertForbidden(() -> operator.secrets().inNamespace(Chart.NAMESPACE).list());
        assertForbidden(() -> operator.secrets()
                .inNamespace(Chart.NAMESPACE)
                .withName("anything")
                .get());
        assertForbidden(() -> operator.resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("to-cluster-admin")
                        .withNamespace(Chart.NAMESPACE)
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName("standard-worker")
                        .withNamespace(Chart.NAMESPACE)
                        .endSubject()
                        .build())
                .fieldManager("vigil-operator")
                .serverSideApply());
        assertForbidden(() -> operator.resources(StreamMonitor.class)
                .inNamespace(Chart.NAMESPACE)
                .withName(monitor.getMetadata().getName())
                .delete());
        assertForbidden(() -> operator.resources(WorkerPool.class)
                .inNamespace(Chart.NAMESPACE)
                .resource(pool)
                .delete());
        assertForbidden(
                () -> operator.apps().deployments().inNamespace(Chart.NAMESPACE).list());
        assertForbidden(() -> operator.pods().inNamespace(Chart.NAMESPACE).list());
    }

    /** Why the ClusterRole holds `bind` on the workers' ClusterRole: without it, the pool's RoleBinding is refused. */
    @Test
    void withoutBindTheWorkersRoleBindingIsRefused() {
        String ns = "no-bind";
        api.createNamespace(ns);
        for (ObjectNode object : Chart.render().objects()) {
            if (object.path("kind").asText().equals("ClusterRole")) {
                api.client.resource(api.generic(object)).fieldManager("helm").serverSideApply();
            }
        }
        ClusterRole full = api.client
                .getKubernetesSerialization()
                .convertValue(Chart.render().get("ClusterRole", "vigil-operator"), ClusterRole.class);
        ClusterRole reduced = new ClusterRoleBuilder(full)
                .editMetadata()
                .withName("operator-without-bind")
                .endMetadata()
                .withRules(full.getRules().stream()
                        .filter(r -> !r.getVerbs().contains("bind"))
                        .toList())
                .build();
        api.client.resource(reduced).create();
        api.client
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("reduced")
                        .withNamespace(ns)
                        .endMetadata()
                        .build())
                .create();
        api.client
                .resource(new ClusterRoleBindingBuilder()
                        .withNewMetadata()
                        .withName("operator-without-bind")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "operator-without-bind")
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName("reduced")
                        .withNamespace(ns)
                        .endSubject()
                        .build())
                .create();
        WorkerPool rendered = api.client
                .getKubernetesSerialization()
                .convertValue(Chart.render().get("WorkerPool", "standard"), WorkerPool.class);
        rendered.getMetadata().setNamespace(ns);
        WorkerPool pool = api.client.resource(rendered).create();

        KubernetesClient operator = api.as(ns, "reduced");
        assertThatThrownBy(() -> operator.resource(PoolResources.roleBinding(pool, "vigil-worker"))
                        .fieldManager("vigil-operator")
                        .serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getMessage())
                            .contains("attempting to grant RBAC permissions not currently held")
                            .contains("Resources:[\"secrets\"], Verbs:[\"get\"]");
                });
    }

    static StreamMonitor streamMonitor(ApiServer api) {
        return api.client.getKubernetesSerialization().unmarshal("""
                apiVersion: vigil.dev/v1alpha1
                kind: StreamMonitor
                metadata: {name: news, namespace: %s}
                spec:
                  source: {url: "srt://encoder:9000"}
                """.formatted(Chart.NAMESPACE), StreamMonitor.class);
    }

    static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(403));
    }
}
