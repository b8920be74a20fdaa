package dev.vigil.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.operator.VigilLabels;
import dev.vigil.operator.membership.LeaseClock;
import dev.vigil.operator.membership.WorkerMembership;
import dev.vigil.operator.placement.PlacementLoop;
import dev.vigil.operator.placement.StatusRecorder;
import dev.vigil.operator.placement.TestResources;
import dev.vigil.operator.placement.WorkerLabeler;
import dev.vigil.operator.pool.InformerPools;
import dev.vigil.operator.pool.PoolDemand;
import dev.vigil.operator.pool.PoolResources;
import dev.vigil.operator.pool.ResourceApplier;
import dev.vigil.operator.pool.WorkerPoolReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The operator's RBAC ({@code operator/rbac/operator-rbac.yaml}) on a real API server with RBAC authorization and
 * the OwnerReferencesPermissionEnforcement admission plugin: the file is applied, and the operator's actual writes
 * are made impersonating its ServiceAccount: a pool's objects by server-side apply (including the RoleBinding to the
 * workers' ClusterRole, which Kubernetes lets it create only through its {@code bind} on that one ClusterRole), the
 * placement loop's informers, status patches, label applies and drain marks, and the leader-election Lease.
 * SubjectAccessReviews ({@code kubectl auth can-i}) give the table of what it can and cannot do.
 */
@ApiServerFlags({"--enable-admission-plugins", "OwnerReferencesPermissionEnforcement"})
class OperatorRbacApiServerTest extends RealApiServer {

    static final String OPERATOR_NS = "vigil-system";
    static final String OPERATOR_SA = "vigil-operator";
    static final String USER = "system:serviceaccount:" + OPERATOR_NS + ":" + OPERATOR_SA;

    /** The committed manifest, from the operator module's directory (where the tests run). */
    static Path manifest() {
        return Path.of("rbac", "operator-rbac.yaml");
    }

    private void installOperatorRbac() throws IOException {
        createNamespace(OPERATOR_NS);
        try (InputStream in = Files.newInputStream(manifest())) {
            for (HasMetadata object : admin.load(in).items()) {
                admin.resource(object).serverSideApply();
            }
        }
    }

    @Test
    void theOperatorsWritesSucceedAsItsServiceAccount() throws IOException {
        installOperatorRbac();
        WorkerPool pool = admin.resource(TestResources.pool(ns, "general", 4, 1, 3, "freeze"))
                .create();
        admin.resource(TestResources.lease(ns, "general-0", "general", Instant.now(), 3600))
                .create();
        admin.resource(TestResources.lease(ns, "general-1", "general", Instant.now(), 3600))
                .create();
        admin.resource(TestResources.monitor(ns, "news", "freeze")).create();

        try (KubernetesClient operator = as(OPERATOR_NS, OPERATOR_SA)) {
            // the pool's objects, by server-side apply, twice (create, then an unchanged re-apply)
            ResourceApplier applier = new ResourceApplier(operator, ResourceApplier.Mode.SSA);
            assertThat(WorkerPoolReconciler.apply(pool, new PoolDemand(), applier, "vigil-worker:test", 15))
                    .hasSize(5);
            WorkerPoolReconciler.apply(pool, new PoolDemand(), applier, "vigil-worker:test", 15);
            assertThat(admin.rbac()
                            .roleBindings()
                            .inNamespace(ns)
                            .withName("general-worker-access")
                            .get()
                            .getRoleRef()
                            .getName())
                    .isEqualTo(PoolResources.DEFAULT_WORKER_CLUSTER_ROLE);
            // the reconciler's StatefulSet informer
            assertThat(operator.apps()
                            .statefulSets()
                            .inAnyNamespace()
                            .withLabel(VigilLabels.NAME, PoolResources.APP)
                            .list()
                            .getItems())
                    .extracting(StatefulSet::getMetadata)
                    .hasSize(1);

            // the placement loop: informers, status patch, label apply, pool status, drain mark of the idle worker
            PlacementLoop loop = new PlacementLoop(
                    operator,
                    LeaseClock.SYSTEM,
                    new WorkerMembership(operator, LeaseClock.SYSTEM),
                    new InformerPools(operator),
                    new StatusRecorder(operator, LeaseClock.SYSTEM),
                    new WorkerLabeler(operator, ResourceApplier.Mode.SSA),
                    new PoolDemand(),
                    Duration.ofMillis(50),
                    Duration.ofMillis(500));
            try {
                loop.start();
                await().atMost(Duration.ofSeconds(30)).until(loop::hasSynced);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    StreamMonitor sm = admin.resources(StreamMonitor.class)
                            .inNamespace(ns)
                            .withName("news")
                            .get();
                    assertThat(sm.getStatus()).isNotNull();
                    assertThat(sm.getStatus().findCondition(Conditions.SCHEDULED))
                            .get()
                            .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.TRUE));
                    assertThat(WorkerLabeler.workersOf(sm)).containsExactly("general-0");
                    assertThat(admin.resources(WorkerPool.class)
                                    .inNamespace(ns)
                                    .withName("general")
                                    .get()
                                    .getStatus())
                            .isNotNull();
                    // minWorkers 1: the idle worker is marked draining (a merge patch of the Lease)
                    assertThat(admin.leases()
                                    .inNamespace(ns)
                                    .withName("general-1")
                                    .get()
                                    .getMetadata()
                                    .getAnnotations())
                            .containsEntry(VigilLabels.DRAINING, "true");
                });
            } finally {
                loop.close();
            }

            // the leader-election Lease in the operator's namespace
            AtomicBoolean leading = new AtomicBoolean();
            CompletableFuture<?> election = operator.leaderElector()
                    .withConfig(new LeaderElectionConfig(
                            new LeaseLock(OPERATOR_NS, "vigil-operator", "operator-0"),
                            Duration.ofSeconds(15),
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(2),
                            new LeaderCallbacks(() -> leading.set(true), () -> leading.set(false), id -> {}),
                            true,
                            "vigil-operator"))
                    .build()
                    .start();
            try {
                await().atMost(Duration.ofSeconds(30)).untilTrue(leading);
            } finally {
                election.cancel(true);
            }

            // Kubernetes' escalation check: the operator can bind the workers' ClusterRole and nothing else
            // (the aggregated admin/edit/view are empty here: no aggregation controller runs, and an empty role is
            // one anybody may bind; a role with rules stands for them)
            admin.resource(new ClusterRoleBuilder()
                            .withNewMetadata()
                            .withName("secret-reader")
                            .endMetadata()
                            .withRules(new PolicyRuleBuilder()
                                    .withApiGroups("")
                                    .withResources("secrets")
                                    .withVerbs("get", "list")
                                    .build())
                            .build())
                    .serverSideApply();
            for (String role : List.of("cluster-admin", "secret-reader")) {
                RoleBinding other = new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("to-" + role)
                        .withNamespace(ns)
                        .endMetadata()
                        .withNewRoleRef()
                        .withApiGroup("rbac.authorization.k8s.io")
                        .withKind("ClusterRole")
                        .withName(role)
                        .endRoleRef()
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName("general-worker")
                        .withNamespace(ns)
                        .endSubject()
                        .build();
                assertThat(catchThrowableOfType(
                                        KubernetesClientException.class,
                                        () -> operator.resource(other)
                                                .fieldManager(VigilLabels.FIELD_MANAGER)
                                                .serverSideApply())
                                .getCode())
                        .as(role)
                        .isEqualTo(403);
            }
            Role anyRole = new RoleBuilder()
                    .withNewMetadata()
                    .withName("any")
                    .withNamespace(ns)
                    .endMetadata()
                    .withRules(new PolicyRuleBuilder()
                            .withApiGroups("")
                            .withResources("configmaps")
                            .withVerbs("get")
                            .build())
                    .build();
            assertThat(catchThrowableOfType(
                                    KubernetesClientException.class,
                                    () -> operator.resource(anyRole)
                                            .fieldManager(VigilLabels.FIELD_MANAGER)
                                            .serverSideApply())
                            .getCode())
                    .isEqualTo(403);
            assertThat(catchThrowableOfType(
                                    KubernetesClientException.class,
                                    () -> operator.secrets()
                                            .inNamespace(ns)
                                            .withName("anything")
                                            .get())
                            .getCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void theOperatorCanDoWhatItNeedsAndNothingElse() throws IOException {
        installOperatorRbac();
        String worker = PoolResources.DEFAULT_WORKER_CLUSTER_ROLE;
        List<CanI> can = List.of(
                CanI.of("watch", "vigil.dev/streammonitors", ns),
                CanI.of("get", "vigil.dev/streammonitors", ns),
                CanI.of("patch", "vigil.dev/streammonitors", ns),
                CanI.of("patch", "vigil.dev/streammonitors/status", ns),
                CanI.of("watch", "vigil.dev/workerpools", ns),
                CanI.of("patch", "vigil.dev/workerpools/status", ns),
                CanI.of("update", "vigil.dev/workerpools/finalizers", ns),
                CanI.of("watch", "coordination.k8s.io/leases", ns),
                CanI.of("get", "coordination.k8s.io/leases", ns),
                CanI.of("patch", "coordination.k8s.io/leases", ns),
                CanI.of("get", "coordination.k8s.io/leases", "vigil-operator", OPERATOR_NS),
                CanI.of("create", "coordination.k8s.io/leases", OPERATOR_NS),
                CanI.of("update", "coordination.k8s.io/leases", "vigil-operator", OPERATOR_NS),
                CanI.of("patch", "apps/statefulsets", ns),
                CanI.of("create", "apps/statefulsets", ns),
                CanI.of("create", "/services", ns),
                CanI.of("patch", "/serviceaccounts", ns),
                CanI.of("patch", "policy/poddisruptionbudgets", ns),
                CanI.of("create", "rbac.authorization.k8s.io/rolebindings", ns),
                CanI.of("patch", "rbac.authorization.k8s.io/rolebindings", ns),
                CanI.of("bind", "rbac.authorization.k8s.io/clusterroles", worker, null));
        List<CanI> cannot = List.of(
                // no Secrets at all: it binds the workers' rights instead of holding them
                CanI.of("get", "/secrets", "any", ns),
                CanI.of("list", "/secrets", ns),
                CanI.of("watch", "/secrets", null),
                // RBAC: no Roles, no binding of anything but the workers' ClusterRole, no escalate
                CanI.of("create", "rbac.authorization.k8s.io/roles", ns),
                CanI.of("patch", "rbac.authorization.k8s.io/roles", ns),
                CanI.of("escalate", "rbac.authorization.k8s.io/roles", ns),
                CanI.of("bind", "rbac.authorization.k8s.io/roles", ns),
                CanI.of("bind", "rbac.authorization.k8s.io/clusterroles", "cluster-admin", null),
                CanI.of("bind", "rbac.authorization.k8s.io/clusterroles", "admin", null),
                CanI.of("bind", "rbac.authorization.k8s.io/clusterroles", "vigil-operator", null),
                CanI.of("escalate", "rbac.authorization.k8s.io/clusterroles", worker, null),
                CanI.of("update", "rbac.authorization.k8s.io/clusterroles", worker, null),
                CanI.of("create", "rbac.authorization.k8s.io/clusterroles", null),
                CanI.of("create", "rbac.authorization.k8s.io/clusterrolebindings", null),
                CanI.of("delete", "rbac.authorization.k8s.io/rolebindings", ns),
                // Leases: no create or update outside its own namespace (the workers hold theirs), no delete
                CanI.of("create", "coordination.k8s.io/leases", ns),
                CanI.of("update", "coordination.k8s.io/leases", ns),
                CanI.of("delete", "coordination.k8s.io/leases", ns),
                // no Events (it writes none)
                CanI.of("create", "/events", ns),
                CanI.of("create", "events.k8s.io/events", ns));
        for (CanI q : can) {
            assertThat(q.askFor(admin, USER)).as("%s can %s", USER, q).isTrue();
        }
        for (CanI q : cannot) {
            assertThat(q.askFor(admin, USER)).as("%s cannot %s", USER, q).isFalse();
        }
        for (String[] a : List.of(
                new String[] {"delete", "", "namespaces", ""},
                new String[] {"create", "", "namespaces", ""},
                new String[] {"list", "", "secrets", ""},
                new String[] {"watch", "", "secrets", ""},
                new String[] {"create", "", "secrets", ""},
                new String[] {"update", "", "secrets", ""},
                new String[] {"get", "", "configmaps", ""},
                new String[] {"create", "", "pods", ""},
                new String[] {"delete", "", "pods", ""},
                new String[] {"delete", "apps", "statefulsets", ""},
                new String[] {"update", "apps", "statefulsets", ""},
                new String[] {"create", "apps", "deployments", ""},
                new String[] {"delete", "vigil.dev", "streammonitors", ""},
                new String[] {"create", "vigil.dev", "streammonitors", ""},
                new String[] {"update", "vigil.dev", "streammonitors", ""},
                new String[] {"delete", "vigil.dev", "workerpools", ""},
                new String[] {"patch", "vigil.dev", "workerpools", ""},
                new String[] {"delete", "coordination.k8s.io", "leases", ""},
                new String[] {"delete", "rbac.authorization.k8s.io", "roles", ""},
                new String[] {"escalate", "rbac.authorization.k8s.io", "roles", ""},
                new String[] {"bind", "rbac.authorization.k8s.io", "roles", ""},
                new String[] {"create", "rbac.authorization.k8s.io", "clusterroles", ""},
                new String[] {"create", "rbac.authorization.k8s.io", "clusterrolebindings", ""},
                new String[] {"impersonate", "", "serviceaccounts", ""},
                new String[] {"create", "", "serviceaccounts", "token"},
                new String[] {"update", "apiextensions.k8s.io", "customresourcedefinitions", ""})) {
            assertThat(new CanI(a[0], a[1], a[2], a[3], null, ns).askFor(admin, USER))
                    .as("%s may not %s %s/%s %s", USER, a[0], a[1], a[2], a[3])
                    .isFalse();
        }
    }
}
