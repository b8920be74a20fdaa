package dev.vigil.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.operator.placement.TestResources;
import dev.vigil.operator.pool.PoolResources;
import dev.vigil.operator.pool.ResourceApplier;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Role, RoleBinding and ServiceAccount {@link PoolResources} builds for a pool's workers, applied to a real
 * API server (RBAC authorization), then asked with SubjectAccessReviews what
 * {@code system:serviceaccount:<ns>:<pool>-worker} may do: exactly what a worker needs, in its namespace only.
 */
class WorkerRbacApiServerTest extends RealApiServer {

    record Access(String verb, String group, String resource, String subresource, String namespace, String name) {
        Access(String verb, String group, String resource, String subresource, String namespace) {
            this(verb, group, resource, subresource, namespace, null);
        }

        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "" : group + "/") + resource
                    + (subresource.isEmpty() ? "" : "/" + subresource) + (name == null ? "" : " " + name) + " in "
                    + namespace;
        }
    }

    @Test
    void workersGetExactlyWhatTheyNeedInTheirNamespace() {
        String user = applyWorkerRbac("general");
        String other = ns + "-other";
        createNamespace(other);

        List<Access> allowed = List.of(
                access("get", "vigil.dev", "streammonitors"),
                access("list", "vigil.dev", "streammonitors"),
                access("watch", "vigil.dev", "streammonitors"),
                access("get", "vigil.dev", "streammonitors", "status"),
                access("patch", "vigil.dev", "streammonitors", "status"),
                access("get", "coordination.k8s.io", "leases"),
                access("create", "coordination.k8s.io", "leases"),
                access("update", "coordination.k8s.io", "leases"),
                access("create", "", "events"),
                access("patch", "", "events"),
                access("create", "events.k8s.io", "events"),
                access("patch", "events.k8s.io", "events"),
                access("get", "", "secrets"),
                // its own pool, for spec.decode (a single-object informer lists and watches by name)
                new Access("get", "vigil.dev", "workerpools", "", ns, "general"),
                new Access("list", "vigil.dev", "workerpools", "", ns, "general"),
                new Access("watch", "vigil.dev", "workerpools", "", ns, "general"));
        List<Access> denied = List.of(
                new Access("get", "vigil.dev", "workerpools", "", ns, "other-pool"),
                new Access("watch", "vigil.dev", "workerpools", "", ns, "other-pool"),
                new Access("patch", "vigil.dev", "workerpools", "", ns, "general"),
                new Access("get", "vigil.dev", "workerpools", "", other, "general"),
                access("list", "", "secrets"),
                access("watch", "", "secrets"),
                new Access("get", "", "secrets", "", other),
                new Access("get", "vigil.dev", "streammonitors", "", other),
                new Access("patch", "vigil.dev", "streammonitors", "status", other),
                access("update", "vigil.dev", "streammonitors"),
                access("patch", "vigil.dev", "streammonitors"),
                access("update", "vigil.dev", "streammonitors", "status"),
                access("create", "vigil.dev", "streammonitors"),
                access("delete", "vigil.dev", "streammonitors"),
                access("delete", "coordination.k8s.io", "leases"),
                access("delete", "", "secrets"),
                access("delete", "", "pods"),
                access("delete", "", "events"),
                access("create", "", "pods"),
                access("get", "", "pods"),
                access("get", "vigil.dev", "workerpools"),
                access("list", "vigil.dev", "workerpools"),
                access("patch", "vigil.dev", "workerpools", "status"),
                access("get", "", "configmaps"),
                access("create", "apps", "statefulsets"),
                access("create", "rbac.authorization.k8s.io", "rolebindings"),
                new Access("list", "coordination.k8s.io", "leases", "", other));
        for (Access a : allowed) {
            assertThat(allowed(user, a)).as("%s may %s", user, a).isTrue();
        }
        for (Access a : denied) {
            assertThat(allowed(user, a)).as("%s may not %s", user, a).isFalse();
        }
    }

    @Test
    void realRequestsAsTheWorkerFollowTheRole() {
        applyWorkerRbac("audio");
        admin.resource(TestResources.monitor(ns, "radio", "silence")).create();
        admin.resource(new SecretBuilder().withNewMetadata().withName("srt-passphrase").withNamespace(ns).endMetadata()
                .addToStringData("passphrase", "not-a-real-one").build()).create();
        try (var worker = as(ns, "audio-worker")) {
            assertThat(worker.resources(StreamMonitor.class).inNamespace(ns).list().getItems()).hasSize(1);
            assertThat(worker.secrets().inNamespace(ns).withName("srt-passphrase").get()).isNotNull();
            assertThat(catchThrowableOfType(KubernetesClientException.class,
                    () -> worker.secrets().inNamespace(ns).list()).getCode()).isEqualTo(403);
            assertThat(catchThrowableOfType(KubernetesClientException.class, () -> worker.resources(StreamMonitor.class)
                    .inNamespace(ns).withName("radio").edit(m -> {
                        m.getSpec().setSuspend(true);
                        return m;
                    })).getCode()).isEqualTo(403);
            assertThat(catchThrowableOfType(KubernetesClientException.class,
                    () -> worker.resources(WorkerPool.class).inNamespace(ns).list()).getCode()).isEqualTo(403);
            // its own pool by name, as the worker's decode watch reads it
            assertThat(worker.resources(WorkerPool.class).inNamespace(ns).withName("audio").get()).isNotNull();
            assertThat(worker.resources(WorkerPool.class).inNamespace(ns)
                    .withField("metadata.name", "audio").list().getItems()).hasSize(1);
        }
    }

    /** Applies the pool's ServiceAccount, Role and RoleBinding; returns the workers' user name. */
    private String applyWorkerRbac(String poolName) {
        WorkerPool pool = admin.resource(TestResources.pool(ns, poolName, 8, 1, 3, "freeze")).create();
        ResourceApplier applier = new ResourceApplier(admin, ResourceApplier.Mode.SSA);
        applier.apply(PoolResources.serviceAccount(pool));
        applier.apply(PoolResources.role(pool));
        applier.apply(PoolResources.roleBinding(pool));
        return "system:serviceaccount:" + ns + ":" + PoolResources.workerAccountName(pool);
    }

    private Access access(String verb, String group, String resource) {
        return new Access(verb, group, resource, "", ns);
    }

    private Access access(String verb, String group, String resource, String subresource) {
        return new Access(verb, group, resource, subresource, ns);
    }

    static boolean allowed(String user, Access a) {
        String namespace = a.namespace();
        // a ServiceAccount's groups, as the API server authenticates its token
        String accountNamespace = user.split(":")[2];
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
                .withUser(user)
                .withGroups("system:serviceaccounts", "system:serviceaccounts:" + accountNamespace, "system:authenticated")
                .withNewResourceAttributes()
                .withVerb(a.verb()).withGroup(a.group()).withResource(a.resource())
                .withSubresource(a.subresource().isEmpty() ? null : a.subresource())
                .withName(a.name())
                .withNamespace(namespace)
                .endResourceAttributes()
                .endSpec().build();
        return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
    }
}
