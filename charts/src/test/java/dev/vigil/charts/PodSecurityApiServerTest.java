package dev.vigil.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.operator.pool.PoolResources;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pod Security Standards {@code restricted} admits the worker and operator pods, on a real API server (its
 * PodSecurity admission plugin is on by default): a namespace labelled
 * {@code pod-security.kubernetes.io/enforce=restricted}, and Pods made from the pod templates as they ship (the
 * StatefulSet the operator builds for the chart's pools, with and without mounted models, and the chart's
 * Deployment). The test API server runs no controllers, so the Pods are created from the templates here; a pod
 * without the confinement is refused in the same namespace, so the admission is really on.
 */
class PodSecurityApiServerTest {

    static final String NS = "restricted";
    static String missing;
    static ApiServer api;

    @BeforeAll
    static void start() {
        missing = ApiServer.missingBinaries();
        if (missing != null) {
            return;
        }
        api = ApiServer.start();
        api.client
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                        .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                        .endMetadata()
                        .build())
                .create();
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

    @Test
    void workerPodsAreAdmitted() {
        WorkerPool standard = pool(Chart.render().get("WorkerPool", "standard"));
        admit(
                "worker",
                PoolResources.statefulSet(standard, 1, "ghcr.io/vigil-dev/vigil-worker:0.1.0", 15)
                        .getSpec()
                        .getTemplate());
        WorkerPool ml = pool(Chart.render(ChartTemplateTest.ML_POOL_WITH_MODEL).get("WorkerPool", "ml"));
        PodTemplateSpec withModels = PoolResources.statefulSet(ml, 1, "ghcr.io/vigil-dev/vigil-worker:0.1.0", 15)
                .getSpec()
                .getTemplate();
        assertThat(withModels.getSpec().getVolumes()).hasSizeGreaterThan(1);
        admit("worker-models", withModels);
    }

    @Test
    void operatorPodIsAdmitted() {
        Deployment deployment = api.client
                .getKubernetesSerialization()
                .convertValue(Chart.render().get("Deployment", "vigil-operator"), Deployment.class);
        admit("operator", deployment.getSpec().getTemplate());
    }

    @Test
    void anUnconfinedPodIsRefused() {
        Pod plain = new PodBuilder()
                .withNewMetadata()
                .withName("plain")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .build();
        assertThatThrownBy(() -> api.client.resource(plain).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getMessage())
                            .contains("violates PodSecurity \"restricted:latest\"")
                            .contains("allowPrivilegeEscalation != false", "runAsNonRoot != true", "seccompProfile");
                });
    }

    /** Creates a Pod from {@code template} (and its ServiceAccount) in the restricted namespace: admitted. */
    private static void admit(String name, PodTemplateSpec template) {
        String account = template.getSpec().getServiceAccountName();
        if (account != null
                && api.client
                                .serviceAccounts()
                                .inNamespace(NS)
                                .withName(account)
                                .get()
                        == null) {
            api.client
                    .resource(new ServiceAccountBuilder()
                            .withNewMetadata()
                            .withName(account)
                            .withNamespace(NS)
                            .endMetadata()
                            .build())
                    .create();
        }
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .withLabels(
                        template.getMetadata() == null
                                ? Map.of()
                                : template.getMetadata().getLabels())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
        Pod created = api.client.resource(pod).create();
        assertThat(created.getMetadata().getUid()).as(name + " admitted").isNotNull();
        assertThat(created.getSpec().getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        assertThat(created.getSpec().getContainers()).allSatisfy(c -> {
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem())
                    .as(name)
                    .isTrue();
            assertThat(c.getSecurityContext().getCapabilities().getDrop())
                    .as(name)
                    .containsExactly("ALL");
        });
    }

    private static WorkerPool pool(com.fasterxml.jackson.databind.node.ObjectNode rendered) {
        WorkerPool pool = api.client.getKubernetesSerialization().convertValue(rendered, WorkerPool.class);
        pool.getMetadata().setNamespace(NS);
        pool.getMetadata().setUid("uid-" + pool.getMetadata().getName());
        return pool;
    }
}
