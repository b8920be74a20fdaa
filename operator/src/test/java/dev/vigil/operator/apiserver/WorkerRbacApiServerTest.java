package dev.vigil.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.operator.placement.TestResources;
import dev.vigil.operator.pool.PoolResources;
import dev.vigil.operator.pool.ResourceApplier;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The workers' rights on a real API server (RBAC authorization): the ClusterRole {@code vigil-worker} of
 * {@code operator/rbac/operator-rbac.yaml} (the same rules as {@link PoolResources#workerRules()}), granted by the
 * RoleBinding {@link PoolResources} builds for a pool, then asked with SubjectAccessReviews what
 * {@code system:serviceaccount:<ns>:<pool>-worker} can and cannot do: exactly what a worker needs, in its namespace
 * only, and Secrets by name only.
 */
class WorkerRbacApiServerTest extends RealApiServer {

    @Test
    void theCommittedWorkerClusterRoleIsTheWorkersRules() throws IOException {
        assertThat(grants(workerClusterRole().getRules())).isEqualTo(grants(PoolResources.workerRules()));
    }

    @Test
    void workersCanDoExactlyWhatTheyNeedInTheirNamespace() throws IOException {
        String user = applyWorkerRbac("general");
        String other = ns + "-other";
        createNamespace(other);

        List<CanI> can = List.of(
                CanI.of("get", "vigil.dev/streammonitors", ns),
                CanI.of("list", "vigil.dev/streammonitors", ns),
                CanI.of("watch", "vigil.dev/streammonitors", ns),
                CanI.of("get", "vigil.dev/streammonitors/status", ns),
                CanI.of("patch", "vigil.dev/streammonitors/status", ns),
                CanI.of("get", "coordination.k8s.io/leases", ns),
                CanI.of("create", "coordination.k8s.io/leases", ns),
                CanI.of("update", "coordination.k8s.io/leases", ns),
                CanI.of("create", "/events", ns),
                CanI.of("patch", "/events", ns),
                CanI.of("create", "events.k8s.io/events", ns),
                CanI.of("patch", "events.k8s.io/events", ns),
                CanI.of("get", "/secrets", "srt-passphrase", ns),
                // its namespace's pools, for its own pool's spec.decode (pool specs name Secrets, never hold them)
                CanI.of("get", "vigil.dev/workerpools", "general", ns),
                CanI.of("list", "vigil.dev/workerpools", ns),
                CanI.of("watch", "vigil.dev/workerpools", ns));
        List<CanI> cannot = List.of(
                // Secrets: by name only, in its namespace only, never written
                CanI.of("list", "/secrets", ns),
                CanI.of("watch", "/secrets", ns),
                CanI.of("create", "/secrets", ns),
                CanI.of("update", "/secrets", "srt-passphrase", ns),
                CanI.of("delete", "/secrets", "srt-passphrase", ns),
                CanI.of("get", "/secrets", "srt-passphrase", other),
                CanI.of("get", "/secrets", "srt-passphrase", null),
                // nothing in another namespace, nothing cluster-wide
                CanI.of("get", "vigil.dev/streammonitors", other),
                CanI.of("list", "vigil.dev/streammonitors", null),
                CanI.of("patch", "vigil.dev/streammonitors/status", other),
                CanI.of("list", "coordination.k8s.io/leases", other),
                CanI.of("create", "/events", other),
                // a monitor's spec and the operator's objects
                CanI.of("update", "vigil.dev/streammonitors", ns),
                CanI.of("patch", "vigil.dev/streammonitors", ns),
                CanI.of("update", "vigil.dev/streammonitors/status", ns),
                CanI.of("create", "vigil.dev/streammonitors", ns),
                CanI.of("delete", "vigil.dev/streammonitors", ns),
                CanI.of("get", "vigil.dev/workerpools", "general", other),
                CanI.of("list", "vigil.dev/workerpools", null),
                CanI.of("patch", "vigil.dev/workerpools", "general", ns),
                CanI.of("update", "vigil.dev/workerpools", "general", ns),
                CanI.of("patch", "vigil.dev/workerpools/status", ns),
                CanI.of("delete", "coordination.k8s.io/leases", ns),
                CanI.of("delete", "/events", ns),
                // workloads, config, RBAC, tokens
                CanI.of("get", "/pods", ns),
                CanI.of("create", "/pods", ns),
                CanI.of("create", "/pods/exec", ns),
                CanI.of("get", "/configmaps", ns),
                CanI.of("create", "apps/statefulsets", ns),
                CanI.of("create", "rbac.authorization.k8s.io/rolebindings", ns),
                CanI.of(
                        "bind",
                        "rbac.authorization.k8s.io/clusterroles",
                        PoolResources.DEFAULT_WORKER_CLUSTER_ROLE,
                        null),
                CanI.of("create", "/serviceaccounts/token", "general-worker", ns),
                CanI.of("impersonate", "/serviceaccounts", ns));
        for (CanI q : can) {
            assertThat(q.askFor(admin, user)).as("%s can %s", user, q).isTrue();
        }
        for (CanI q : cannot) {
            assertThat(q.askFor(admin, user)).as("%s cannot %s", user, q).isFalse();
        }
    }

    @Test
    void realRequestsAsTheWorkerFollowTheRole() throws IOException {
        applyWorkerRbac("audio");
        admin.resource(TestResources.monitor(ns, "radio", "silence")).create();
        admin.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("srt-passphrase")
                        .withNamespace(ns)
                        .endMetadata()
                        .addToStringData("passphrase", "not-a-real-one")
                        .build())
                .create();
        try (var worker = as(ns, "audio-worker")) {
            assertThat(worker.resources(StreamMonitor.class)
                            .inNamespace(ns)
                            .list()
                            .getItems())
                    .hasSize(1);
            assertThat(worker.secrets()
                            .inNamespace(ns)
                            .withName("srt-passphrase")
                            .get())
                    .isNotNull();
            assertThat(catchThrowableOfType(
                                    KubernetesClientException.class,
                                    () -> worker.secrets().inNamespace(ns).list())
                            .getCode())
                    .isEqualTo(403);
            assertThat(catchThrowableOfType(
                                    KubernetesClientException.class,
                                    () -> worker.resources(StreamMonitor.class)
                                            .inNamespace(ns)
                                            .withName("radio")
                                            .edit(m -> {
                                                m.getSpec().setSuspend(true);
                                                return m;
                                            }))
                            .getCode())
                    .isEqualTo(403);
            assertThat(catchThrowableOfType(
                                    KubernetesClientException.class,
                                    () -> worker.resources(WorkerPool.class)
                                            .inNamespace(ns)
                                            .withName("audio")
                                            .edit(p -> {
                                                p.getSpec().setCapacity(99.0);
                                                return p;
                                            }))
                            .getCode())
                    .isEqualTo(403);
            assertThat(catchThrowableOfType(
                                    KubernetesClientException.class,
                                    () -> worker.resources(WorkerPool.class)
                                            .inAnyNamespace()
                                            .list())
                            .getCode())
                    .isEqualTo(403);
            // its own pool by name, as the worker's decode watch reads it
            assertThat(worker.resources(WorkerPool.class)
                            .inNamespace(ns)
                            .withName("audio")
                            .get())
                    .isNotNull();
            assertThat(worker.resources(WorkerPool.class)
                            .inNamespace(ns)
                            .withField("metadata.name", "audio")
                            .list()
                            .getItems())
                    .hasSize(1);
        }
    }

    /** Installs the committed worker ClusterRole, then the pool's ServiceAccount and RoleBinding; returns the user. */
    private String applyWorkerRbac(String poolName) throws IOException {
        admin.resource(workerClusterRole()).serverSideApply();
        WorkerPool pool = admin.resource(TestResources.pool(ns, poolName, 8, 1, 3, "freeze"))
                .create();
        ResourceApplier applier = new ResourceApplier(admin, ResourceApplier.Mode.SSA);
        applier.apply(PoolResources.serviceAccount(pool));
        applier.apply(PoolResources.roleBinding(pool, PoolResources.DEFAULT_WORKER_CLUSTER_ROLE));
        return "system:serviceaccount:" + ns + ":" + PoolResources.workerAccountName(pool);
    }

    /** Rules as comparable text: group/resource[name]:verb, one per grant. */
    static java.util.Set<String> grants(List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (var r : rules) {
            List<String> names =
                    r.getResourceNames() == null || r.getResourceNames().isEmpty() ? List.of("") : r.getResourceNames();
            for (String g : r.getApiGroups()) {
                for (String res : r.getResources()) {
                    for (String n : names) {
                        for (String v : r.getVerbs()) {
                            out.add(g + "/" + res + (n.isEmpty() ? "" : "[" + n + "]") + ":" + v);
                        }
                    }
                }
            }
        }
        return out;
    }

    static ClusterRole workerClusterRole() throws IOException {
        try (InputStream in = Files.newInputStream(OperatorRbacApiServerTest.manifest())) {
            for (HasMetadata object : admin.load(in).items()) {
                if (object instanceof ClusterRole role
                        && role.getMetadata().getName().equals(PoolResources.DEFAULT_WORKER_CLUSTER_ROLE)) {
                    role.getMetadata().setLabels(null);
                    return role;
                }
            }
        }
        throw new IllegalStateException("no ClusterRole " + PoolResources.DEFAULT_WORKER_CLUSTER_ROLE + " in "
                + OperatorRbacApiServerTest.manifest());
    }
}
