package dev.vigil.worker.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.api.v1alpha1.StreamMonitor;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Writes the worker-owned fields of a StreamMonitor's status, the way the operator's StatusRecorder writes its
 * own: a JSON patch (RFC 6902) on the status subresource that first sets the resourceVersion read (a
 * precondition: the API server answers 409 when the object changed since), then replaces only the worker's
 * fields; the conditions list goes whole, with the operator's conditions as read. On 409 the monitor is read
 * again and the merge redone, so neither the operator nor another shard's worker is clobbered. Nothing is
 * written when the merged fields equal those on the resource or those this worker wrote last.
 */
public final class MonitorStatusWriter {

    /** How a write ended. */
    public enum Result { WRITTEN, UNCHANGED, GONE }

    /** Counts write attempts by result: ok, conflict, error (metrics hook). */
    public interface WriteCounter {
        void count(String result);
    }

    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;
    private final Function<String, StreamMonitor> cache;
    private final Clock clock;
    private final WriteCounter counter;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, WorkerFields> lastWritten = new ConcurrentHashMap<>();
    /** The monitor as this writer last saw it (its own patch's answer, or a fresh read), often newer than the cache. */
    private final Map<String, StreamMonitor> lastSeen = new ConcurrentHashMap<>();

    /**
     * @param cache the monitor as last seen by the informer, by namespace/name (null when not cached)
     */
    public MonitorStatusWriter(KubernetesClient client, Function<String, StreamMonitor> cache, Clock clock,
                               WriteCounter counter) {
        this.client = client;
        this.cache = cache;
        this.clock = clock;
        this.counter = counter;
    }

    /** True when writing {@code mine} would change the resource as far as this worker knows (no request made). */
    public boolean needsWrite(MonitorState.Snapshot mine) {
        StreamMonitor cached = latest(mine.key());
        if (cached == null) {
            return true;
        }
        WorkerFields wanted = WorkerFields.merge(cached.getStatus(), mine, now());
        return !wanted.equals(lastWritten.get(mine.key())) && !wanted.equals(WorkerFields.of(cached.getStatus()));
    }

    /**
     * Brings the resource's worker-owned fields to the merge of {@code mine} into what is there.
     *
     * @throws KubernetesClientException when the API server cannot be reached or keeps refusing
     */
    public Result write(MonitorState.Snapshot mine) {
        StreamMonitor current = latest(mine.key());
        if (current == null) {
            current = read(mine);
            if (current == null) {
                return Result.GONE;
            }
        }
        for (int attempt = 1; ; attempt++) {
            String now = now();
            WorkerFields wanted = WorkerFields.merge(current.getStatus(), mine, now);
            if (wanted.equals(WorkerFields.of(current.getStatus()))) {
                lastWritten.put(mine.key(), wanted);
                return Result.UNCHANGED;
            }
            try {
                StreamMonitor written = client.resources(StreamMonitor.class).inNamespace(mine.namespace())
                        .withName(mine.name()).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON), patch(current, wanted, now).toString());
                if (written != null) {
                    lastSeen.put(mine.key(), written);
                }
                counter.count("ok");
                lastWritten.put(mine.key(), wanted);
                return Result.WRITTEN;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    forget(mine.key());
                    return Result.GONE;
                }
                boolean conflict = e.getCode() == 409 || e.getCode() == 422;
                counter.count(conflict ? "conflict" : "error");
                if (!conflict || attempt >= ATTEMPTS) {
                    throw e;
                }
                current = read(mine);
                if (current == null) {
                    return Result.GONE;
                }
            }
        }
    }

    public void forget(String key) {
        lastWritten.remove(key);
        lastSeen.remove(key);
    }

    private StreamMonitor read(MonitorState.Snapshot mine) {
        StreamMonitor fresh = client.resources(StreamMonitor.class).inNamespace(mine.namespace()).withName(mine.name()).get();
        if (fresh != null) {
            lastSeen.put(mine.key(), fresh);
        }
        return fresh;
    }

    /**
     * The newer of the informer's copy and the one this writer saw last: right after a write the informer has
     * not caught up yet, and patching its copy would only earn a 409. resourceVersions are compared as numbers
     * (etcd revisions) when both are; otherwise the informer's copy is used.
     */
    private StreamMonitor latest(String key) {
        StreamMonitor cached = cache.apply(key);
        StreamMonitor seen = lastSeen.get(key);
        if (seen == null) {
            return cached;
        }
        if (cached == null) {
            return seen;
        }
        try {
            long a = Long.parseLong(cached.getMetadata().getResourceVersion());
            long b = Long.parseLong(seen.getMetadata().getResourceVersion());
            if (a >= b) {
                lastSeen.remove(key, seen); // the informer caught up
                return cached;
            }
            return seen;
        } catch (NumberFormatException | NullPointerException e) {
            return cached;
        }
    }

    private ArrayNode patch(StreamMonitor current, WorkerFields wanted, String now) {
        ArrayNode patch = mapper.createArrayNode();
        patch.addObject().put("op", "replace").put("path", "/metadata/resourceVersion")
                .put("value", current.getMetadata().getResourceVersion());
        JsonNode read = current.getStatus() == null ? null : mapper.valueToTree(current.getStatus());
        if (read == null) {
            patch.addObject().put("op", "add").put("path", "/status").putObject("value");
        }
        ObjectNode fields = mapper.createObjectNode();
        fields.set("conditions", mapper.valueToTree(wanted.conditions()));
        fields.set("activeDefects", mapper.valueToTree(wanted.activeDefects()));
        fields.set("activeDefectTypes", mapper.valueToTree(wanted.activeDefectTypes()));
        fields.set("recentDefects", mapper.valueToTree(wanted.recentDefects()));
        fields.set("stream", mapper.valueToTree(wanted.stream()));
        fields.set("transportErrors", mapper.valueToTree(wanted.transportErrors()));
        fields.set("avSync", mapper.valueToTree(wanted.avSync()));
        fields.put("lastUpdateTime", now);
        fields.fields().forEachRemaining(f -> {
            if (!f.getValue().isNull()) {
                patch.addObject().put("op", "add").put("path", "/status/" + f.getKey()).set("value", f.getValue());
            } else if (read != null && read.has(f.getKey())) {
                patch.addObject().put("op", "remove").put("path", "/status/" + f.getKey());
            }
        });
        return patch;
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
