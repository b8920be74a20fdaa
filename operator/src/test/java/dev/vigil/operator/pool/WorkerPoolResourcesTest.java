package dev.vigil.operator.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.spec.SourceAccess;
import dev.vigil.api.v1alpha1.spec.WorkerTemplate;
import dev.vigil.operator.VigilLabels;
import dev.vigil.operator.placement.TestResources;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class WorkerPoolResourcesTest {

    static KubernetesClient client;

    private final PoolDemand demand = new PoolDemand();
    private final ResourceApplier applier = new ResourceApplier(client, ResourceApplier.Mode.UPDATE);

    private WorkerPool createPool(String name, int min, int max) {
        WorkerPool pool = TestResources.pool("ns", name, 8, min, max, "freeze", "black");
        WorkerTemplate t = new WorkerTemplate();
        t.setImage("registry.example/vigil-worker:1.0");
        t.setNodeSelector(Map.of("vigil.dev/media", "true"));
        Toleration tol = new Toleration();
        tol.setKey("media");
        tol.setOperator("Exists");
        t.setTolerations(List.of(tol));
        t.setEnv(List.of(new EnvVar("LOG_LEVEL", "debug", null)));
        pool.getSpec().setTemplate(t);
        return client.resource(pool).create();
    }

    private StatefulSet sts(String name) {
        return client.apps().statefulSets().inNamespace("ns").withName(name).get();
    }

    @Test
    void createsEveryObjectOfThePool() {
        WorkerPool pool = createPool("general", 1, 4);
        WorkerPoolReconciler.apply(pool, demand, applier, "default-image", 15);

        StatefulSet sts = sts("general");
        assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
        assertThat(sts.getSpec().getServiceName()).isEqualTo("general-workers");
        assertThat(sts.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("WorkerPool");
            assertThat(o.getName()).isEqualTo("general");
            assertThat(o.getController()).isTrue();
        });
        var podSpec = sts.getSpec().getTemplate().getSpec();
        assertThat(sts.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(VigilLabels.POOL, "general");
        assertThat(sts.getSpec().getSelector().getMatchLabels()).containsEntry(VigilLabels.POOL, "general");
        assertThat(podSpec.getServiceAccountName()).isEqualTo("general-worker");
        assertThat(podSpec.getNodeSelector()).containsEntry("vigil.dev/media", "true");
        assertThat(podSpec.getTolerations())
                .singleElement()
                .satisfies(x -> assertThat(x.getKey()).isEqualTo("media"));
        var container = podSpec.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.example/vigil-worker:1.0");
        assertThat(container.getEnv())
                .extracting(EnvVar::getName)
                .contains("POD_NAME", "POD_NAMESPACE", "VIGIL_POOL", "VIGIL_POOL_DETECTORS", "LOG_LEVEL");
        assertThat(container.getEnv())
                .filteredOn(e -> e.getName().equals("POD_NAME"))
                .singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                        .isEqualTo("metadata.name"));

        Service svc =
                client.services().inNamespace("ns").withName("general-workers").get();
        assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(svc.getSpec().getSelector()).containsEntry(VigilLabels.POOL, "general");

        PodDisruptionBudget pdb = client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace("ns")
                .withName("general-workers")
                .get();
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).containsEntry(VigilLabels.POOL, "general");

        ServiceAccount sa = client.serviceAccounts()
                .inNamespace("ns")
                .withName("general-worker")
                .get();
        assertThat(sa).isNotNull();
        // no Role of its own: the pool's RoleBinding grants the workers' ClusterRole, in the pool's namespace only
        assertThat(client.rbac().roles().inNamespace("ns").list().getItems()).isEmpty();
        RoleBinding binding = client.rbac()
                .roleBindings()
                .inNamespace("ns")
                .withName("general-worker-access")
                .get();
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(PoolResources.DEFAULT_WORKER_CLUSTER_ROLE);
        assertThat(binding.getSubjects())
                .singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("general-worker"));
        assertThat(PoolResources.workerRules())
                .anySatisfy(r -> rule(r, "vigil.dev", "streammonitors", "get", "list", "watch"))
                .anySatisfy(r -> rule(r, "vigil.dev", "streammonitors/status", "get", "patch"))
                .anySatisfy(r -> rule(r, "coordination.k8s.io", "leases", "get", "create", "update"))
                .anySatisfy(r -> rule(r, "", "events", "create", "patch"))
                .anySatisfy(r -> rule(r, "", "secrets", "get"));
        assertThat(PoolResources.workerRules())
                .noneSatisfy(r -> assertThat(r.getVerbs()).containsAnyOf("*", "delete", "deletecollection"));
        assertThat(PoolResources.workerRules())
                .filteredOn(r -> r.getResources().contains("secrets"))
                .singleElement()
                .satisfies(r -> assertThat(r.getVerbs()).containsExactly("get"));

        // confined as the Pod Security Standards' restricted profile asks
        assertThat(podSpec.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(podSpec.getSecurityContext().getRunAsUser()).isEqualTo(185L);
        assertThat(podSpec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts())
                .extracting(m -> m.getMountPath())
                .containsExactly("/tmp");
        assertThat(podSpec.getVolumes())
                .singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    }

    @Test
    void thePoolsSourcePermissionsReachItsWorkers() {
        WorkerPool pool = TestResources.pool("ns", "files", 8, 1, 3, "black");
        pool.getMetadata().setUid("uid-files");
        SourceAccess sources = new SourceAccess();
        sources.setFilePaths(List.of("/media/", "/srv/clips/"));
        sources.setListen(true);
        pool.getSpec().setSources(sources);
        var env = PoolResources.statefulSet(pool, 1, "img", 15)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv();
        assertThat(env)
                .filteredOn(e -> e.getName().equals(SourceAccess.ENV_FILE_PATHS))
                .singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("/media/,/srv/clips/"));
        assertThat(env)
                .filteredOn(e -> e.getName().equals(SourceAccess.ENV_LISTEN))
                .singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("true"));

        WorkerPool plain = TestResources.pool("ns", "plain", 8, 1, 3, "black");
        plain.getMetadata().setUid("uid-plain");
        assertThat(PoolResources.statefulSet(plain, 1, "img", 15)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnv())
                .extracting(EnvVar::getName)
                .doesNotContain(SourceAccess.ENV_FILE_PATHS, SourceAccess.ENV_LISTEN);
    }

    private static void rule(PolicyRule r, String group, String resource, String... verbs) {
        assertThat(r.getApiGroups()).containsExactly(group);
        assertThat(r.getResources()).containsExactly(resource);
        assertThat(r.getVerbs()).containsExactly(verbs);
    }

    @Test
    void replicasFollowTheSchedulerWithinMinAndMax() {
        WorkerPool pool = createPool("scaled", 2, 5);
        WorkerPoolReconciler.apply(pool, demand, applier, "default-image", 15);
        assertThat(sts("scaled").getSpec().getReplicas()).isEqualTo(2);

        demand.update("ns", "scaled", 4);
        WorkerPoolReconciler.apply(pool, demand, applier, "default-image", 15);
        assertThat(sts("scaled").getSpec().getReplicas()).isEqualTo(4);

        demand.update("ns", "scaled", 50);
        WorkerPoolReconciler.apply(pool, demand, applier, "default-image", 15);
        assertThat(sts("scaled").getSpec().getReplicas()).isEqualTo(5);

        demand.update("ns", "scaled", 0);
        WorkerPoolReconciler.apply(pool, demand, applier, "default-image", 15);
        assertThat(sts("scaled").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void demandListenersHearOnlyChanges() {
        List<String> heard = new java.util.ArrayList<>();
        demand.addListener((ns, pool) -> heard.add(ns + "/" + pool));
        demand.update("ns", "p", 3);
        demand.update("ns", "p", 3);
        demand.update("ns", "p", 4);
        assertThat(heard).containsExactly("ns/p", "ns/p");
    }
}
