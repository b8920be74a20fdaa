package dev.vigil.operator.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.status.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A worker's status writes as the worker contract asks for them: a JSON patch of the status subresource with the
 * resourceVersion read as a precondition, replacing only the worker-owned fields (conditions StreamUp and
 * DefectsActive, activeDefects, stream, lastUpdateTime). The conditions list is replaced whole: the operator's
 * conditions as read, then the worker's. On 409 it reads again and retries.
 */
public final class SimulatedWorker {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> WORKER_CONDITIONS = Set.of(Conditions.STREAM_UP, Conditions.DEFECTS_ACTIVE);

    private final KubernetesClient client;

    public SimulatedWorker(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Reports the stream up or down, with {@code defects} open, starting from the monitor as {@code read}.
     *
     * @return how many attempts the write took (2 or more: it met a conflict)
     */
    public int report(StreamMonitor read, boolean streamUp, List<String> defects) {
        return report(read, streamUp, defects, "1280x720");
    }

    /** The same, with the stream's resolution as the worker found it (25 fps). */
    public int report(StreamMonitor read, boolean streamUp, List<String> defects, String resolution) {
        StreamMonitor current = read;
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(StreamMonitor.class)
                        .inNamespace(current.getMetadata().getNamespace())
                        .withName(current.getMetadata().getName())
                        .subresource("status")
                        .patch(PatchContext.of(PatchType.JSON), patch(current, streamUp, defects, resolution));
                return attempt;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
                current = client.resources(StreamMonitor.class)
                        .inNamespace(current.getMetadata().getNamespace())
                        .withName(current.getMetadata().getName())
                        .get();
            }
        }
    }

    private static String patch(StreamMonitor read, boolean streamUp, List<String> defects, String resolution) {
        String now = Instant.now().toString();
        ArrayNode patch = JSON.createArrayNode();
        patch.addObject()
                .put("op", "replace")
                .put("path", "/metadata/resourceVersion")
                .put("value", read.getMetadata().getResourceVersion());
        if (read.getStatus() == null) {
            patch.addObject().put("op", "add").put("path", "/status").putObject("value");
        }
        ArrayNode conditions = JSON.createArrayNode();
        List<Condition> existing = read.getStatus() == null || read.getStatus().getConditions() == null
                ? List.of()
                : read.getStatus().getConditions();
        for (Condition c : existing) {
            if (!WORKER_CONDITIONS.contains(c.getType())) {
                conditions.add(JSON.valueToTree(c));
            }
        }
        conditions
                .addObject()
                .put("type", Conditions.STREAM_UP)
                .put("status", streamUp ? "True" : "False")
                .put("reason", streamUp ? Conditions.CONNECTED : Conditions.CONNECT_FAILED)
                .put("message", streamUp ? "receiving media" : "connection refused")
                .put("lastTransitionTime", now);
        conditions
                .addObject()
                .put("type", Conditions.DEFECTS_ACTIVE)
                .put("status", defects.isEmpty() ? "False" : "True")
                .put("reason", defects.isEmpty() ? "NoDefects" : "DefectsOpen")
                .put("message", String.join(",", defects))
                .put("lastTransitionTime", now);
        patch.addObject().put("op", "add").put("path", "/status/conditions").set("value", conditions);
        ArrayNode active = JSON.createArrayNode();
        defects.forEach(
                d -> active.addObject().put("type", d).put("severity", "major").put("since", now));
        patch.addObject().put("op", "add").put("path", "/status/activeDefects").set("value", active);
        ObjectNode stream = JSON.createObjectNode()
                .put("codec", "h264")
                .put("resolution", resolution)
                .put("fps", 25.0);
        patch.addObject().put("op", "add").put("path", "/status/stream").set("value", stream);
        patch.addObject().put("op", "add").put("path", "/status/lastUpdateTime").put("value", now);
        return patch.toString();
    }
}
