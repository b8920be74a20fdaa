package dev.vigil.worker.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.kube.StatusPatcher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Writes the worker-owned fields of a StreamMonitor's status through the protocol the operator's StatusRecorder
 * uses too ({@link StatusPatcher}): a JSON patch (RFC 6902) on the status subresource that first sets the
 * resourceVersion read (a precondition: the API server answers 409 when the object changed since), then replaces
 * only the worker's fields; the conditions list goes whole, with the operator's conditions as read. On 409 the
 * monitor is read again and the merge redone, so neither the operator nor another shard's worker is clobbered.
 * Nothing is written when the merged fields equal those on the resource or those this worker wrote last.
 */
public final class MonitorStatusWriter {

    /** How a write ended. */
    public enum Result {
        WRITTEN,
        UNCHANGED,
        GONE
    }

    /** Counts write attempts by result: ok, conflict, error (metrics hook). */
    public interface WriteCounter {
        void count(String result);
    }

    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;
    private final Function<String, StreamMonitor> cache;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final StatusPatcher<StreamMonitor> patcher;
    /** The monitor as this writer last saw it (its own patch's answer, or a fresh read), often newer than the cache. */
    private final Map<String, StreamMonitor> lastSeen = new ConcurrentHashMap<>();

    /**
     * @param cache the monitor as last seen by the informer, by namespace/name (null when not cached)
     */
    public MonitorStatusWriter(
            KubernetesClient client, Function<String, StreamMonitor> cache, Clock clock, WriteCounter counter) {
        this.client = client;
        this.cache = cache;
        this.clock = clock;
        this.patcher = new StatusPatcher<>(
                client,
                StreamMonitor.class,
                m -> m.getMetadata().getNamespace() + "/" + m.getMetadata().getName(),
                ATTEMPTS,
                outcome -> counter.count(
                        switch (outcome) {
                            case WRITTEN -> "ok";
                            case CONFLICT -> "conflict";
                            case FAILED -> "error";
                        }));
    }

    /** True when writing {@code mine} would change the resource as far as this worker knows (no request made). */
    public boolean needsWrite(MonitorState.Snapshot mine) {
        StreamMonitor cached = latest(mine.key());
        return cached == null || patcher.needsWrite(cached, new Fields(mine, now()));
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
        StatusPatcher.Answer<StreamMonitor> answer = patcher.write(current, new Fields(mine, now()));
        if (answer.resource() != null) {
            lastSeen.put(mine.key(), answer.resource());
        }
        return switch (answer.result()) {
            case WRITTEN -> Result.WRITTEN;
            case UNCHANGED -> Result.UNCHANGED;
            case GONE -> {
                forget(mine.key());
                yield Result.GONE;
            }
        };
    }

    public void forget(String key) {
        patcher.forget(key);
        lastSeen.remove(key);
    }

    /** This shard's state merged into the status as read: the fields a worker owns. */
    private final class Fields implements StatusPatcher.Ownership<StreamMonitor, WorkerFields> {
        private final MonitorState.Snapshot mine;
        private final String now;

        Fields(MonitorState.Snapshot mine, String now) {
            this.mine = mine;
            this.now = now;
        }

        @Override
        public WorkerFields wanted(StreamMonitor read, WorkerFields lastWritten) {
            return WorkerFields.merge(read.getStatus(), mine, now);
        }

        @Override
        public WorkerFields actual(StreamMonitor read) {
            return WorkerFields.of(read.getStatus());
        }

        @Override
        public Map<String, JsonNode> fields(WorkerFields wanted, StreamMonitor read) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            fields.put("conditions", mapper.valueToTree(wanted.conditions()));
            fields.put("activeDefects", mapper.valueToTree(wanted.activeDefects()));
            fields.put("activeDefectTypes", mapper.valueToTree(wanted.activeDefectTypes()));
            fields.put("recentDefects", mapper.valueToTree(wanted.recentDefects()));
            fields.put("stream", mapper.valueToTree(wanted.stream()));
            fields.put("transportErrors", mapper.valueToTree(wanted.transportErrors()));
            fields.put("avSync", mapper.valueToTree(wanted.avSync()));
            fields.put("lastUpdateTime", mapper.valueToTree(now));
            return fields;
        }
    }

    private StreamMonitor read(MonitorState.Snapshot mine) {
        StreamMonitor fresh = client.resources(StreamMonitor.class)
                .inNamespace(mine.namespace())
                .withName(mine.name())
                .get();
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

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
