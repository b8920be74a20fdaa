package dev.vigil.operator.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.WorkerPoolStatus;
import dev.vigil.operator.membership.LeaseClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The one write path for status. For each resource it remembers the operator-owned status it last wrote,
 * and writes only when that changes. Writes are patches on the status subresource that touch only
 * operator-owned fields:
 *
 * <ul>
 *   <li>StreamMonitor: a JSON patch (RFC 6902) that sets the resourceVersion read (a precondition), then replaces
 *       observedGeneration, health, assignments, worker and the conditions list. A list is replaced whole,
 *       so the conditions sent are the operator's Ready and Scheduled plus the worker's conditions as read;
 *       if the worker wrote in between, the server answers 409 and the write is redone from a fresh
 *       read. Nothing else of the status is touched.</li>
 *   <li>WorkerPool: every field of the status (the operator is its only writer).</li>
 * </ul>
 *
 * A condition keeps its lastTransitionTime unless its status changed.
 */
public final class StatusRecorder {

    private static final Logger LOG = Logger.getLogger(StatusRecorder.class);
    private static final int ATTEMPTS = 4;

    private final KubernetesClient client;
    private final LeaseClock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    /** uid -> operator-owned status last written (or found already in place). */
    private final Map<String, JsonNode> lastWritten = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    public StatusRecorder(KubernetesClient client, LeaseClock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * Brings a monitor's operator-owned status to what {@code desired} computes from it. {@code desired} is
     * called again on a fresh read after a conflict, since Ready depends on the worker's conditions.
     *
     * @return true when a write was made
     */
    public boolean recordMonitor(StreamMonitor monitor, Function<StreamMonitor, OwnedMonitorStatus> desired) {
        StreamMonitor current = monitor;
        for (int attempt = 1; ; attempt++) {
            String uid = current.getMetadata().getUid();
            OwnedMonitorStatus owned = desired.apply(current);
            List<Condition> existing = current.getStatus() == null || current.getStatus().getConditions() == null
                    ? List.of() : current.getStatus().getConditions();
            JsonNode previous = lastWritten.get(key(current));
            List<Condition> ownedConditions = withTransitionTimes(owned.conditions(), existing, previous);
            ObjectNode ownedJson = ownedJson(owned, ownedConditions);
            if (ownedJson.equals(previous) || ownedJson.equals(ownedView(current))) {
                lastWritten.put(key(current), ownedJson);
                skipped.incrementAndGet();
                return false;
            }
            // JSON patch: the resourceVersion read (a precondition: the server answers 409 when the object
            // changed since), then each owned field replaced (a list whole). conditions = ours (Ready first)
            // + the worker's as read; after a conflict the write is redone from a fresh read.
            ArrayNode patch = mapper.createArrayNode();
            patch.addObject().put("op", "replace").put("path", "/metadata/resourceVersion")
                    .put("value", current.getMetadata().getResourceVersion());
            ObjectNode read = current.getStatus() == null ? null : mapper.valueToTree(current.getStatus());
            if (read == null) {
                patch.addObject().put("op", "add").put("path", "/status").putObject("value");
            }
            ArrayNode conditions = mapper.createArrayNode();
            ownedConditions.forEach(c -> conditions.add(mapper.valueToTree(c)));
            for (Condition c : existing) {
                if (!OwnedMonitorStatus.OWNED_CONDITIONS.contains(c.getType())) {
                    conditions.add(mapper.valueToTree(c));
                }
            }
            ObjectNode fields = ownedJson.deepCopy();
            fields.set("conditions", conditions);
            fields.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    patch.addObject().put("op", "add").put("path", "/status/" + f.getKey()).set("value", f.getValue());
                } else if (read != null && read.has(f.getKey())) {
                    patch.addObject().put("op", "remove").put("path", "/status/" + f.getKey());
                }
            });
            try {
                client.resources(StreamMonitor.class).inNamespace(current.getMetadata().getNamespace())
                        .withName(current.getMetadata().getName()).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON), patch.toString());
                writes.incrementAndGet();
                lastWritten.put(key(current), ownedJson);
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    forget(uid);
                    return false;
                }
                if ((e.getCode() != 409 && e.getCode() != 422) || attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("conflict writing status of %s/%s, retrying from a fresh read",
                        current.getMetadata().getNamespace(), current.getMetadata().getName());
                StreamMonitor fresh = client.resources(StreamMonitor.class)
                        .inNamespace(current.getMetadata().getNamespace())
                        .withName(current.getMetadata().getName()).get();
                if (fresh == null) {
                    forget(uid);
                    return false;
                }
                current = fresh;
            }
        }
    }

    /** Writes a pool's status when it differs from what was last written; the operator owns all of it. */
    public boolean recordPool(WorkerPool pool, WorkerPoolStatus desired) {
        List<Condition> existing = pool.getStatus() == null || pool.getStatus().getConditions() == null
                ? List.of() : pool.getStatus().getConditions();
        JsonNode previous = lastWritten.get(key(pool));
        desired.setConditions(withTransitionTimes(desired.getConditions(), existing, previous));
        JsonNode wanted = mapper.valueToTree(desired);
        JsonNode actual = pool.getStatus() == null ? null : mapper.valueToTree(pool.getStatus());
        if (wanted.equals(previous) || wanted.equals(actual)) {
            lastWritten.put(key(pool), wanted);
            skipped.incrementAndGet();
            return false;
        }
        ArrayNode patch = mapper.createArrayNode();
        if (actual == null) {
            patch.addObject().put("op", "add").put("path", "/status").set("value", wanted);
        } else {
            wanted.fields().forEachRemaining(f -> patch.addObject().put("op", "add")
                    .put("path", "/status/" + f.getKey()).set("value", f.getValue()));
        }
        try {
            client.resources(WorkerPool.class).inNamespace(pool.getMetadata().getNamespace())
                    .withName(pool.getMetadata().getName()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), patch.toString());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                forget(pool.getMetadata().getUid());
                return false;
            }
            throw e;
        }
        writes.incrementAndGet();
        lastWritten.put(key(pool), wanted);
        return true;
    }

    /** Drops what is remembered of a deleted resource. */
    public void forget(String uid) {
        if (uid != null) {
            lastWritten.remove(uid);
        }
    }

    public long writes() {
        return writes.get();
    }

    public long skipped() {
        return skipped.get();
    }

    /** Keeps lastTransitionTime of a condition whose status did not change (last written first, else as read). */
    private List<Condition> withTransitionTimes(List<Condition> wanted, List<Condition> existing, JsonNode previous) {
        if (wanted == null) {
            return null;
        }
        String now = clock.now().toString();
        List<Condition> out = new ArrayList<>();
        for (Condition w : wanted) {
            Condition c = new Condition(w.getType(), w.getStatus(), w.getReason(), w.getMessage());
            c.setObservedGeneration(w.getObservedGeneration());
            Optional<Condition> before = previousCondition(previous, w.getType())
                    .or(() -> existing.stream().filter(e -> Objects.equals(e.getType(), w.getType())).findFirst());
            c.setLastTransitionTime(before.filter(b -> b.getStatus() == w.getStatus())
                    .map(Condition::getLastTransitionTime).filter(Objects::nonNull).orElse(now));
            out.add(c);
        }
        return out;
    }

    private Optional<Condition> previousCondition(JsonNode previous, String type) {
        if (previous == null || !previous.has("conditions")) {
            return Optional.empty();
        }
        for (JsonNode c : previous.get("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return Optional.of(mapper.convertValue(c, Condition.class));
            }
        }
        return Optional.empty();
    }

    private ObjectNode ownedJson(OwnedMonitorStatus owned, List<Condition> conditions) {
        ObjectNode n = mapper.createObjectNode();
        n.set("observedGeneration", mapper.valueToTree(owned.observedGeneration()));
        n.set("conditions", mapper.valueToTree(conditions));
        n.set("health", mapper.valueToTree(owned.health()));
        n.set("assignments", mapper.valueToTree(owned.assignments()));
        n.set("worker", mapper.valueToTree(owned.worker()));
        return n;
    }

    /** The operator-owned fields as they are on the resource now, in the shape of {@link #ownedJson}. */
    private ObjectNode ownedView(StreamMonitor monitor) {
        var s = monitor.getStatus();
        List<Condition> conditions = new ArrayList<>();
        if (s != null && s.getConditions() != null) {
            for (String type : OwnedMonitorStatus.OWNED_CONDITIONS) {
                s.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().ifPresent(conditions::add);
            }
        }
        return ownedJson(new OwnedMonitorStatus(s == null ? null : s.getObservedGeneration(), conditions,
                s == null ? null : s.getHealth(), s == null ? null : s.getAssignments(), s == null ? null : s.getWorker()),
                conditions);
    }

    private static String key(HasMetadata resource) {
        String uid = resource.getMetadata().getUid();
        return uid != null ? uid : resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }
}
