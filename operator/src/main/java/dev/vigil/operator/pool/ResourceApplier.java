package dev.vigil.operator.pool;

import dev.vigil.operator.VigilLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Writes the objects the operator owns. In production: server-side apply with field manager
 * {@code vigil-operator}, forcing conflicts (the operator is the only intended owner of these fields).
 * {@link Mode#UPDATE} (create, or replace at the current resourceVersion) exists for fabric8's mock server,
 * which has no server-side apply.
 */
public final class ResourceApplier {

    public enum Mode {
        SSA,
        UPDATE
    }

    private final KubernetesClient client;
    private final Mode mode;

    public ResourceApplier(KubernetesClient client, Mode mode) {
        this.client = client;
        this.mode = mode;
    }

    public <T extends HasMetadata> T apply(T desired) {
        if (mode == Mode.SSA) {
            return client.resource(desired)
                    .fieldManager(VigilLabels.FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply();
        }
        T existing = client.resource(desired).get();
        if (existing == null) {
            return client.resource(desired).create();
        }
        desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        return client.resource(desired).update();
    }
}
