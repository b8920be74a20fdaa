package dev.vigil.operator.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.WorkerPoolStatus;
import dev.vigil.kube.StatusPatcher;
import dev.vigil.operator.membership.LeaseClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The one write path for the operator's status fields, through the shared {@link StatusPatcher} protocol: a JSON
 * patch on the status subresource with the resourceVersion read as a precondition, owned fields only, nothing sent
 * when nothing changed (compared with what was last written per resource and with what is on it, so a restarted
 * operator does not rewrite everything), and on 409 a fresh read and the status computed again from it.
 *
 * <ul>
 *   <li>StreamMonitor: observedGeneration, health, assignments, worker and the conditions list. A list is replaced
 *       whole, so the conditions sent are the operator's Ready and Scheduled plus the worker's conditions as read;
 *       if the worker wrote in between, the server answers 409 and the write is redone from a fresh read (Ready
 *       depends on the worker's conditions). Nothing else of the status is touched.</li>
 *   <li>WorkerPool: every field of the status (the operator is its only writer).</li>
 * </ul>
 *
 * A condition keeps its lastTransitionTime unless its status changed.
 */
public final class StatusRecorder {

    private static final int ATTEMPTS = 4;

    private final LeaseClock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final StatusPatcher<StreamMonitor> monitors;
    private final StatusPatcher<WorkerPool> pools;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    public StatusRecorder(KubernetesClient client, LeaseClock clock) {
        this.clock = clock;
        this.monitors = new StatusPatcher<>(client, StreamMonitor.class, StatusRecorder::key, ATTEMPTS, outcome -> {});
        this.pools = new StatusPatcher<>(client, WorkerPool.class, StatusRecorder::key, ATTEMPTS, outcome -> {});
    }

    /**
     * Brings a monitor's operator-owned status to what {@code desired} computes from it. {@code desired} is
     * called again on a fresh read after a conflict, since Ready depends on the worker's conditions.
     *
     * @return true when a write was made
     */
    public boolean recordMonitor(StreamMonitor monitor, Function<StreamMonitor, OwnedMonitorStatus> desired) {
        return counted(monitors.write(monitor, new MonitorFields(desired)).result());
    }

    /** Writes a pool's status when it differs from what was last written; the operator owns all of it. */
    public boolean recordPool(WorkerPool pool, WorkerPoolStatus desired) {
        return counted(pools.write(pool, new PoolFields(desired)).result());
    }

    private boolean counted(StatusPatcher.Result result) {
        if (result == StatusPatcher.Result.WRITTEN) {
            writes.incrementAndGet();
        } else if (result == StatusPatcher.Result.UNCHANGED) {
            skipped.incrementAndGet();
        }
        return result == StatusPatcher.Result.WRITTEN;
    }

    /** The operator's fields of a StreamMonitor status, as JSON in a fixed shape (compared by value). */
    private final class MonitorFields implements StatusPatcher.Ownership<StreamMonitor, ObjectNode> {
        private final Function<StreamMonitor, OwnedMonitorStatus> desired;

        MonitorFields(Function<StreamMonitor, OwnedMonitorStatus> desired) {
            this.desired = desired;
        }

        @Override
        public ObjectNode wanted(StreamMonitor read, ObjectNode lastWritten) {
            OwnedMonitorStatus owned = desired.apply(read);
            return ownedJson(owned, withTransitionTimes(owned.conditions(), conditionsOf(read), lastWritten));
        }

        @Override
        public ObjectNode actual(StreamMonitor read) {
            return ownedView(read);
        }

        @Override
        public Map<String, JsonNode> fields(ObjectNode wanted, StreamMonitor read) {
            // conditions = ours (Ready first) + the worker's as read
            ArrayNode conditions = mapper.createArrayNode();
            wanted.get("conditions").forEach(conditions::add);
            for (Condition c : conditionsOf(read)) {
                if (!OwnedMonitorStatus.OWNED_CONDITIONS.contains(c.getType())) {
                    conditions.add(mapper.valueToTree(c));
                }
            }
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            wanted.fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue()));
            fields.put("conditions", conditions);
            return fields;
        }
    }

    /** A WorkerPool's whole status. */
    private final class PoolFields implements StatusPatcher.Ownership<WorkerPool, JsonNode> {
        private final WorkerPoolStatus desired;

        PoolFields(WorkerPoolStatus desired) {
            this.desired = desired;
        }

        @Override
        public JsonNode wanted(WorkerPool read, JsonNode lastWritten) {
            List<Condition> existing =
                    read.getStatus() == null || read.getStatus().getConditions() == null
                            ? List.of()
                            : read.getStatus().getConditions();
            WorkerPoolStatus s = mapper.convertValue(desired, WorkerPoolStatus.class);
            s.setConditions(withTransitionTimes(desired.getConditions(), existing, lastWritten));
            return mapper.valueToTree(s);
        }

        @Override
        public JsonNode actual(WorkerPool read) {
            return read.getStatus() == null ? null : mapper.valueToTree(read.getStatus());
        }

        @Override
        public Map<String, JsonNode> fields(JsonNode wanted, WorkerPool read) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            wanted.fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue()));
            return fields;
        }
    }

    /** Drops what is remembered of a deleted resource. */
    public void forget(String uid) {
        monitors.forget(uid);
        pools.forget(uid);
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
                    .or(() -> existing.stream()
                            .filter(e -> Objects.equals(e.getType(), w.getType()))
                            .findFirst());
            c.setLastTransitionTime(before.filter(b -> b.getStatus() == w.getStatus())
                    .map(Condition::getLastTransitionTime)
                    .filter(Objects::nonNull)
                    .orElse(now));
            out.add(c);
        }
        return out;
    }

    private static List<Condition> conditionsOf(StreamMonitor monitor) {
        return monitor.getStatus() == null || monitor.getStatus().getConditions() == null
                ? List.of()
                : monitor.getStatus().getConditions();
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
                s.getConditions().stream()
                        .filter(c -> type.equals(c.getType()))
                        .findFirst()
                        .ifPresent(conditions::add);
            }
        }
        return ownedJson(
                new OwnedMonitorStatus(
                        s == null ? null : s.getObservedGeneration(),
                        conditions,
                        s == null ? null : s.getHealth(),
                        s == null ? null : s.getAssignments(),
                        s == null ? null : s.getWorker()),
                conditions);
    }

    private static String key(HasMetadata resource) {
        String uid = resource.getMetadata().getUid();
        return uid != null
                ? uid
                : resource.getMetadata().getNamespace() + "/"
                        + resource.getMetadata().getName();
    }
}
