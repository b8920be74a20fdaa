package dev.vigil.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.operator.VigilLabels;
import dev.vigil.operator.placement.TestResources;
import dev.vigil.operator.pool.PoolDemand;
import dev.vigil.operator.pool.PoolModelsTest;
import dev.vigil.operator.pool.ResourceApplier;
import dev.vigil.operator.pool.WorkerPoolReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The WorkerPool reconciler's objects applied with real server-side apply (field manager vigil-operator, forced):
 * created owned by the pool, re-applied without a change, and a field another manager changed on the
 * StatefulSet is taken back on the next apply while fields the operator does not set are left alone.
 */
class PoolApplyApiServerTest extends RealApiServer {

    private static final String IMAGE = "ghcr.io/vigil-dev/vigil-worker:test";

    @Test
    void appliesEveryObjectOfThePoolAndReappliesWithoutChange() {
        WorkerPool pool = admin.resource(TestResources.pool(ns, "general", 8, 2, 5, "freeze", "black"))
                .create();
        ResourceApplier applier = new ResourceApplier(admin, ResourceApplier.Mode.SSA);

        List<HasMetadata> applied = WorkerPoolReconciler.apply(pool, new PoolDemand(), applier, IMAGE, 15);
        assertThat(applied)
                .extracting(HasMetadata::getKind)
                .containsExactly("ServiceAccount", "RoleBinding", "Service", "PodDisruptionBudget", "StatefulSet");
        for (HasMetadata object : applied) {
            assertThat(object.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(o ->
                            assertThat(o.getUid()).isEqualTo(pool.getMetadata().getUid()));
            assertThat(managers(object)).as(object.getKind()).containsEntry(VigilLabels.FIELD_MANAGER, "Apply");
        }
        StatefulSet sts =
                admin.apps().statefulSets().inNamespace(ns).withName("general").get();
        assertThat(sts.getSpec().getReplicas()).isEqualTo(2); // before any plan: minWorkers
        assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(IMAGE);

        // a second apply of the same objects changes nothing on the server
        Map<String, String> versions = versions(applied);
        List<HasMetadata> again = WorkerPoolReconciler.apply(pool, new PoolDemand(), applier, IMAGE, 15);
        assertThat(versions(again)).isEqualTo(versions);

        // the plan's demand changes replicas, and only them
        PoolDemand demand = new PoolDemand();
        demand.update(ns, "general", 4);
        WorkerPoolReconciler.apply(pool, demand, applier, IMAGE, 15);
        assertThat(admin.apps()
                        .statefulSets()
                        .inNamespace(ns)
                        .withName("general")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(4);
    }

    @Test
    void fieldsChangedByAnotherManagerAreTakenBackAndOthersLeftAlone() {
        WorkerPool pool = admin.resource(TestResources.pool(ns, "video", 8, 1, 5, "freeze"))
                .create();
        ResourceApplier applier = new ResourceApplier(admin, ResourceApplier.Mode.SSA);
        WorkerPoolReconciler.apply(pool, new PoolDemand(), applier, IMAGE, 15);

        // someone else (kubectl scale, an HPA) sets replicas and adds an annotation of their own, with their own apply
        StatefulSet theirs = new StatefulSetBuilder()
                .withNewMetadata()
                .withName("video")
                .withNamespace(ns)
                .addToAnnotations("example.com/owner", "platform-team")
                .endMetadata()
                .withNewSpec()
                .withReplicas(7)
                .endSpec()
                .build();
        try (var other = client(c -> c)) {
            other.resource(theirs)
                    .fieldManager("platform-tool")
                    .forceConflicts()
                    .serverSideApply();
        }
        StatefulSet changed =
                admin.apps().statefulSets().inNamespace(ns).withName("video").get();
        assertThat(changed.getSpec().getReplicas()).isEqualTo(7);
        assertThat(managers(changed)).containsEntry("platform-tool", "Apply");

        // the operator's next apply (what a StatefulSet spec change triggers) forces replicas back: it owns them
        WorkerPoolReconciler.apply(pool, new PoolDemand(), applier, IMAGE, 15);
        StatefulSet back =
                admin.apps().statefulSets().inNamespace(ns).withName("video").get();
        assertThat(back.getSpec().getReplicas()).isEqualTo(1);
        // a field the operator never sets stays as the other manager left it
        assertThat(back.getMetadata().getAnnotations()).containsEntry("example.com/owner", "platform-team");
        assertThat(fieldsOf(back, VigilLabels.FIELD_MANAGER)).contains("f:replicas");
        assertThat(fieldsOf(back, "platform-tool")).doesNotContain("f:replicas").contains("example.com/owner");
    }

    @Test
    void modelsAreMountedAndReappliedWithoutChange() {
        WorkerPool sent = PoolModelsTest.poolWithModels(ns);
        sent.getMetadata().setUid(null);
        WorkerPool pool = admin.resource(sent).create();
        ResourceApplier applier = new ResourceApplier(admin, ResourceApplier.Mode.SSA);

        List<HasMetadata> applied = WorkerPoolReconciler.apply(pool, new PoolDemand(), applier, IMAGE, 15);
        var pod = admin.apps()
                .statefulSets()
                .inNamespace(ns)
                .withName("ml")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec();
        assertThat(pod.getVolumes())
                .extracting(Volume::getName)
                .containsExactly("model-logo", "model-secret-net", "tmp");
        assertThat(pod.getContainers().get(0).getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .containsExactly("/var/lib/vigil/models/logo", "/var/lib/vigil/models/secret-net", "/tmp");
        assertThat(pod.getContainers().get(0).getEnv())
                .filteredOn(e -> e.getName().equals("VIGIL_MODELS"))
                .singleElement()
                .satisfies(e -> assertThat(e.getValue())
                        .contains(
                                "\"file\":\"/var/lib/vigil/models/logo/model.onnx\"",
                                "\"file\":\"/opt/models/baked.onnx\""));

        // what the server defaults (volume modes) does not make the next apply a change
        Map<String, String> versions = versions(applied);
        assertThat(versions(WorkerPoolReconciler.apply(pool, new PoolDemand(), applier, IMAGE, 15)))
                .isEqualTo(versions);
    }

    private static Map<String, String> versions(List<HasMetadata> objects) {
        return objects.stream()
                .collect(Collectors.toMap(
                        o -> o.getKind() + "/" + o.getMetadata().getName(),
                        o -> o.getMetadata().getResourceVersion()));
    }

    private static Map<String, String> managers(HasMetadata object) {
        return object.getMetadata().getManagedFields().stream()
                .collect(Collectors.toMap(
                        ManagedFieldsEntry::getManager, ManagedFieldsEntry::getOperation, (a, b) -> a + "," + b));
    }

    private static String fieldsOf(HasMetadata object, String manager) {
        return object.getMetadata().getManagedFields().stream()
                .filter(m -> manager.equals(m.getManager()))
                .map(m -> String.valueOf(m.getFieldsV1().getAdditionalProperties()))
                .collect(Collectors.joining(" "));
    }
}
