package dev.vigil.operator.pool;

import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.spec.SourceAccess;
import dev.vigil.api.v1alpha1.spec.WorkerPoolSpec;
import dev.vigil.api.v1alpha1.spec.WorkerTemplate;
import dev.vigil.operator.VigilLabels;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects that run one WorkerPool's workers, built from its spec. Pure: no client.
 *
 * <p>Names: StatefulSet {@code <pool>} (pods and Leases {@code <pool>-0}, {@code <pool>-1}, ...), headless
 * Service {@code <pool>-workers}, PodDisruptionBudget {@code <pool>-workers}, ServiceAccount {@code <pool>-worker}
 * and RoleBinding {@code <pool>-worker-access}, which grants the workers' ClusterRole ({@link #workerRules()},
 * installed with the operator) in the pool's namespace only. Every object is owned (controller reference) by the
 * WorkerPool, so deleting the pool deletes them. The pool's bring-your-own models reach the worker pods as
 * described in {@link PoolModels}; the pods are confined as {@link WorkerPodSecurity} says.
 */
public final class PoolResources {

    public static final String CONTAINER = "worker";
    public static final String APP = "vigil-worker";
    /** The workers' ClusterRole when the operator is not told another name (vigil.operator.worker-cluster-role). */
    public static final String DEFAULT_WORKER_CLUSTER_ROLE = "vigil-worker";

    private PoolResources() {}

    public static String statefulSetName(WorkerPool pool) {
        return pool.getMetadata().getName();
    }

    public static String serviceName(WorkerPool pool) {
        return pool.getMetadata().getName() + "-workers";
    }

    public static String workerAccountName(WorkerPool pool) {
        WorkerTemplate t = pool.getSpec() == null ? null : pool.getSpec().getTemplate();
        return t != null && t.getServiceAccountName() != null
                ? t.getServiceAccountName()
                : pool.getMetadata().getName() + "-worker";
    }

    /** Labels that select a pool's pods; also the StatefulSet's (immutable) selector. */
    public static Map<String, String> selector(WorkerPool pool) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(VigilLabels.NAME, APP);
        labels.put(VigilLabels.POOL, pool.getMetadata().getName());
        return labels;
    }

    static Map<String, String> labels(WorkerPool pool) {
        Map<String, String> labels = selector(pool);
        labels.put(VigilLabels.INSTANCE, pool.getMetadata().getName());
        labels.put(VigilLabels.COMPONENT, "worker");
        labels.put(VigilLabels.MANAGED_BY, VigilLabels.FIELD_MANAGER);
        return labels;
    }

    /** Replicas for a desired worker count: clamped to [minWorkers, maxWorkers]. */
    public static int replicas(WorkerPoolSpec spec, int desired) {
        int min = spec.getMinWorkers() == null ? 1 : spec.getMinWorkers();
        int max = spec.getMaxWorkers() == null ? Math.max(min, desired) : spec.getMaxWorkers();
        return Math.max(min, Math.min(max, desired));
    }

    /** Every object with the default workers' ClusterRole. */
    public static List<HasMetadata> all(
            WorkerPool pool, int desiredWorkers, String defaultImage, int leaseDurationSeconds) {
        return all(pool, desiredWorkers, defaultImage, leaseDurationSeconds, DEFAULT_WORKER_CLUSTER_ROLE);
    }

    /** Every object, in the order to apply them (account and rights before the pods that use them). */
    public static List<HasMetadata> all(
            WorkerPool pool,
            int desiredWorkers,
            String defaultImage,
            int leaseDurationSeconds,
            String workerClusterRole) {
        List<HasMetadata> out = new ArrayList<>();
        WorkerTemplate t = pool.getSpec().getTemplate();
        if (t == null || t.getServiceAccountName() == null) {
            out.add(serviceAccount(pool));
        }
        out.add(roleBinding(pool, workerClusterRole));
        out.add(service(pool));
        out.add(podDisruptionBudget(pool));
        out.add(statefulSet(pool, replicas(pool.getSpec(), desiredWorkers), defaultImage, leaseDurationSeconds));
        return out;
    }

    static ObjectMeta meta(WorkerPool pool, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(pool.getMetadata().getNamespace())
                .withLabels(labels(pool))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(pool.getApiVersion())
                        .withKind(pool.getKind())
                        .withName(pool.getMetadata().getName())
                        .withUid(pool.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .build();
    }

    public static ServiceAccount serviceAccount(WorkerPool pool) {
        return new ServiceAccountBuilder()
                .withMetadata(meta(pool, workerAccountName(pool)))
                .build();
    }

    /**
     * Least privilege for a worker, granted in its pool's namespace only: read monitors and write their status (the
     * worker owns its status fields), hold its own Lease, emit Events, and get (not list or watch) Secrets: a worker
     * reads the Secrets its monitors reference by name, which are not known when the pool is created, and uses only
     * those labelled {@code vigil.dev/usage} for the use (RBAC cannot select by label). A worker also reads the
     * WorkerPools of its namespace (it watches its own, by name, for {@code spec.decode}: the decode profile reaches
     * running workers without a change to their pods); a pool's spec holds no secrets, only Secret names. These rules
     * ship as one ClusterRole with the operator (chart, operator/rbac); the operator only binds it, so it needs none
     * of them.
     */
    public static List<PolicyRule> workerRules() {
        return List.of(
                rule("vigil.dev", "streammonitors", "get", "list", "watch"),
                rule("vigil.dev", "workerpools", "get", "list", "watch"),
                rule("vigil.dev", "streammonitors/status", "get", "patch"),
                rule("coordination.k8s.io", "leases", "get", "create", "update"),
                rule("", "events", "create", "patch"),
                rule("events.k8s.io", "events", "create", "patch"),
                rule("", "secrets", "get"));
    }

    /** The workers' ClusterRole as the chart and operator/rbac install it (the operator never writes it). */
    public static ClusterRole workerClusterRole(String name) {
        return new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withRules(workerRules())
                .build();
    }

    private static PolicyRule rule(String group, String resource, String... verbs) {
        return new PolicyRuleBuilder()
                .withApiGroups(group)
                .withResources(resource)
                .withVerbs(verbs)
                .build();
    }

    public static String roleBindingName(WorkerPool pool) {
        return pool.getMetadata().getName() + "-worker-access";
    }

    /** Grants the workers' ClusterRole to the pool's ServiceAccount, in the pool's namespace only. */
    public static RoleBinding roleBinding(WorkerPool pool, String workerClusterRole) {
        return new RoleBindingBuilder()
                .withMetadata(meta(pool, roleBindingName(pool)))
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName(workerClusterRole)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(workerAccountName(pool))
                .withNamespace(pool.getMetadata().getNamespace())
                .endSubject()
                .build();
    }

    /** Headless: stable DNS names per worker pod (the StatefulSet's governing service), no load balancing. */
    public static Service service(WorkerPool pool) {
        return new ServiceBuilder()
                .withMetadata(meta(pool, serviceName(pool)))
                .withNewSpec()
                .withClusterIP("None")
                .withSelector(selector(pool))
                .withPublishNotReadyAddresses(true)
                .addNewPort()
                .withName("http")
                .withPort(8080)
                .withTargetPort(new IntOrString("http"))
                .endPort()
                .endSpec()
                .build();
    }

    /** At most one worker down at a time by voluntary disruption: its monitors move, one worker's worth at once. */
    public static PodDisruptionBudget podDisruptionBudget(WorkerPool pool) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(meta(pool, serviceName(pool)))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector()
                .withMatchLabels(selector(pool))
                .endSelector()
                .endSpec()
                .build();
    }

    public static StatefulSet statefulSet(
            WorkerPool pool, int replicas, String defaultImage, int leaseDurationSeconds) {
        WorkerPoolSpec spec = pool.getSpec();
        WorkerTemplate t = spec.getTemplate() == null ? new WorkerTemplate() : spec.getTemplate();
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder()
                .withName("POD_NAME")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.name")
                .endFieldRef()
                .endValueFrom()
                .build());
        env.add(new EnvVarBuilder()
                .withName("POD_NAMESPACE")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.namespace")
                .endFieldRef()
                .endValueFrom()
                .build());
        env.add(new EnvVar("VIGIL_POOL", pool.getMetadata().getName(), null));
        env.add(new EnvVar(
                "VIGIL_POOL_DETECTORS",
                String.join(",", spec.getDetectors() == null ? List.of() : spec.getDetectors()),
                null));
        env.add(new EnvVar("VIGIL_POOL_CAPACITY", String.valueOf(spec.getCapacity()), null));
        env.add(new EnvVar("VIGIL_LEASE_DURATION_SECONDS", String.valueOf(leaseDurationSeconds), null));
        PoolModels.env(spec).ifPresent(env::add);
        SourceAccess sources = spec.getSources();
        if (sources != null
                && sources.getFilePaths() != null
                && !sources.getFilePaths().isEmpty()) {
            env.add(new EnvVar(SourceAccess.ENV_FILE_PATHS, String.join(",", sources.getFilePaths()), null));
        }
        if (sources != null && Boolean.TRUE.equals(sources.getListen())) {
            env.add(new EnvVar(SourceAccess.ENV_LISTEN, "true", null));
        }
        env.addAll(PoolEvidence.env(spec));
        if (t.getEnv() != null) {
            env.addAll(t.getEnv());
        }
        var container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(t.getImage() != null ? t.getImage() : defaultImage)
                .withImagePullPolicy(
                        t.getImagePullPolicy() == null
                                ? null
                                : switch (t.getImagePullPolicy()) {
                                    case ALWAYS -> "Always";
                                    case IF_NOT_PRESENT -> "IfNotPresent";
                                    case NEVER -> "Never";
                                })
                .withResources(t.getResources())
                .withEnv(env)
                .addNewPort()
                .withName("http")
                .withContainerPort(8080)
                .endPort()
                .withSecurityContext(WorkerPodSecurity.container())
                .build();
        List<Volume> volumes = new ArrayList<>(PoolModels.volumes(spec));
        volumes.add(WorkerPodSecurity.tmpVolume());
        List<VolumeMount> mounts = new ArrayList<>(PoolModels.mounts(spec));
        mounts.add(WorkerPodSecurity.tmpMount());
        container.setVolumeMounts(mounts);
        return new StatefulSetBuilder()
                .withMetadata(meta(pool, statefulSetName(pool)))
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(serviceName(pool))
                // workers do not depend on each other: start and stop them in parallel; scale-in still
                // removes the highest ordinals, the ones the scheduler drains first
                .withPodManagementPolicy("Parallel")
                .withNewSelector()
                .withMatchLabels(selector(pool))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels(pool))
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(workerAccountName(pool))
                .withSecurityContext(WorkerPodSecurity.pod())
                .withNodeSelector(t.getNodeSelector())
                .withTolerations(t.getTolerations())
                .withTerminationGracePeriodSeconds(30L)
                .withContainers(container)
                .withVolumes(volumes)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
