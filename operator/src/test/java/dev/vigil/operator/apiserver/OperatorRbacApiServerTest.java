package dev.vigil.operator.apiserver;

import dev.vigil.operator.pool.InformerPools;
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
import dev.vigil.operator.pool.PoolDemand;
import dev.vigil.operator.pool.PoolResources;
import dev.vigil.operator.pool.ResourceApplier;
import dev.vigil.operator.pool.WorkerPoolReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
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
 * are made impersonating its ServiceAccount: a pool's objects by server-side apply (including the workers' Role,
 * which Kubernetes' escalation check lets only a holder of its permissions create), the placement loop's informers,
 * status patches, label applies and drain marks, and the leader-election Lease. SubjectAccessReviews show what it
 * cannot do.
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
        WorkerPool pool = admin.resource(TestResources.pool(ns, "general", 4, 1, 3, "freeze")).create();
        admin.resource(TestResources.lease(ns, "general-0", "general", Instant.now(), 3600)).create();
        admin.resource(TestResources.lease(ns, "general-1", "general", Instant.now(), 3600)).create();
        admin.resource(TestResources.monitor(ns, "news", "freeze")).create();

        try (KubernetesClient operator = as(OPERATOR_NS, OPERATOR_SA)) {
            // the pool's objects, by server-side apply, twice (create, then an unchanged re-apply)
            ResourceApplier applier = new ResourceApplier(operator, ResourceApplier.Mode.SSA);
            assertThat(WorkerPoolReconciler.apply(pool, new PoolDemand(), applier, "vigil-worker:test", 15)).hasSize(6);
            WorkerPoolReconciler.apply(pool, new PoolDemand(), applier, "vigil-worker:test", 15);
            assertThat(admin.rbac().roles().inNamespace(ns).withName("general-worker").get()).isNotNull();
            // the reconciler's StatefulSet informer
            assertThat(operator.apps().statefulSets().inAnyNamespace().withLabel(VigilLabels.NAME, PoolResources.APP)
                    .list().getItems()).extracting(StatefulSet::getMetadata).hasSize(1);

            // the placement loop: informers, status patch, label apply, pool status, drain mark of the idle worker
            PlacementLoop loop = new PlacementLoop(operator, LeaseClock.SYSTEM, new WorkerMembership(operator, LeaseClock.SYSTEM),
                    new InformerPools(operator), new StatusRecorder(operator, LeaseClock.SYSTEM),
                    new WorkerLabeler(operator, ResourceApplier.Mode.SSA), new PoolDemand(), Duration.ofMillis(50),
                    Duration.ofMillis(500));
            try {
                loop.start();
                await().atMost(Duration.ofSeconds(30)).until(loop::hasSynced);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    StreamMonitor sm = admin.resources(StreamMonitor.class).inNamespace(ns).withName("news").get();
                    assertThat(sm.getStatus()).isNotNull();
                    assertThat(sm.getStatus().findCondition(Conditions.SCHEDULED)).get()
                            .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.TRUE));
                    assertThat(WorkerLabeler.workersOf(sm)).containsExactly("general-0");
                    assertThat(admin.resources(WorkerPool.class).inNamespace(ns).withName("general").get().getStatus())
                            .isNotNull();
                    // minWorkers 1: the idle worker is marked draining (a merge patch of the Lease)
                    assertThat(admin.leases().inNamespace(ns).withName("general-1").get().getMetadata().getAnnotations())
                            .containsEntry(VigilLabels.DRAINING, "true");
                });
            } finally {
                loop.close();
            }

            // the leader-election Lease in the operator's namespace
            AtomicBoolean leading = new AtomicBoolean();
            CompletableFuture<?> election = operator.leaderElector().withConfig(new LeaderElectionConfig(
                    new LeaseLock(OPERATOR_NS, "vigil-operator", "operator-0"), Duration.ofSeconds(15),
                    Duration.ofSeconds(10), Duration.ofSeconds(2),
                    new LeaderCallbacks(() -> leading.set(true), () -> leading.set(false), id -> { }), true,
                    "vigil-operator")).build().start();
            try {
                await().atMost(Duration.ofSeconds(30)).untilTrue(leading);
            } finally {
                election.cancel(true);
            }

            // Kubernetes' escalation check: the operator cannot make a Role that grants more than it holds
            Role broader = new RoleBuilder().withNewMetadata().withName("too-much").withNamespace(ns).endMetadata()
                    .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("secrets")
                            .withVerbs("get", "list").build()).build();
            assertThat(catchThrowableOfType(KubernetesClientException.class, () -> operator.resource(broader)
                    .fieldManager(VigilLabels.FIELD_MANAGER).serverSideApply()).getCode()).isEqualTo(403);
        }
    }

    @Test
    void theOperatorCannotDoWhatItDoesNotNeed() throws IOException {
        installOperatorRbac();
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
            assertThat(WorkerRbacApiServerTest.allowed(USER, new WorkerRbacApiServerTest.Access(a[0], a[1], a[2], a[3], ns)))
                    .as("%s may not %s %s/%s %s", USER, a[0], a[1], a[2], a[3]).isFalse();
        }
        // and what it needs, in any namespace
        for (String[] a : List.of(
                new String[] {"watch", "vigil.dev", "streammonitors", ""},
                new String[] {"patch", "vigil.dev", "streammonitors", "status"},
                new String[] {"patch", "vigil.dev", "workerpools", "status"},
                new String[] {"patch", "apps", "statefulsets", ""},
                new String[] {"update", "coordination.k8s.io", "leases", ""},
                new String[] {"get", "", "secrets", ""})) {
            assertThat(WorkerRbacApiServerTest.allowed(USER, new WorkerRbacApiServerTest.Access(a[0], a[1], a[2], a[3], ns)))
                    .as("%s may %s %s/%s %s", USER, a[0], a[1], a[2], a[3]).isTrue();
        }
    }
}
