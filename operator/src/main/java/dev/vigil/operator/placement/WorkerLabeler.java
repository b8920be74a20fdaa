package dev.vigil.operator.placement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.operator.VigilLabels;
import dev.vigil.operator.pool.ResourceApplier;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the worker-discovery labels of a StreamMonitor: {@code workers.vigil.dev/<worker>: "true"} for exactly the
 * workers of its status assignments. Workers select their monitors by that label; the assignments in the status
 * stay the source of truth, so the placement loop writes the status first and the labels after it.
 *
 * <p>Writes are server-side apply of metadata only, field manager {@code vigil-operator}, forced: the applied
 * object has name, namespace, uid and the worker labels, nothing else, so the user's spec and other labels are
 * never written, and a worker label left out of the next apply is removed by the API server (the manager owned
 * it). The uid makes the apply fail (409) instead of creating an empty monitor when the monitor was deleted, or
 * (422) when it was replaced by a new one of the same name. {@link ResourceApplier.Mode#UPDATE} (fabric8's mock
 * server, which has no server-side apply) sends a JSON patch of the worker labels instead.
 *
 * <p>Like the {@link StatusRecorder} it remembers per monitor the set it last wrote and skips writes that would
 * change nothing. {@link #changedByOthers} tells the placement loop which label changes are not its own.
 */
public final class WorkerLabeler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final ResourceApplier.Mode mode;
    /** uid -> worker set last written (or found in place). */
    private final Map<String, Set<String>> lastWritten = new ConcurrentHashMap<>();

    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    public WorkerLabeler(KubernetesClient client, ResourceApplier.Mode mode) {
        this.client = client;
        this.mode = mode;
    }

    /**
     * Brings the monitor's worker labels to exactly {@code workers}.
     *
     * @return true when a write was made; false when nothing changed or the monitor is gone
     */
    public boolean label(StreamMonitor monitor, Set<String> workers) {
        String uid = monitor.getMetadata().getUid();
        SortedSet<String> wanted = new TreeSet<>(workers);
        SortedSet<String> current = workersOf(monitor);
        if (wanted.equals(current) || wanted.equals(lastWritten.get(uid))) {
            lastWritten.put(uid, wanted);
            skipped.incrementAndGet();
            return false;
        }
        // remembered before the write: the watch event of this write may arrive before the response
        lastWritten.put(uid, wanted);
        try {
            if (mode == ResourceApplier.Mode.SSA) {
                apply(monitor, wanted);
            } else {
                jsonPatch(monitor, wanted, current);
            }
        } catch (KubernetesClientException e) {
            lastWritten.remove(uid);
            // 404 or 422 (JSON patch), 409 (apply: no object with this uid), 422 (apply: replaced by a new object)
            if (e.getCode() == 404 || e.getCode() == 409 || e.getCode() == 422) {
                return false;
            }
            throw e;
        }
        writes.incrementAndGet();
        return true;
    }

    /**
     * True when a monitor's worker labels changed and the new set is not the one this labeler wrote last: a user
     * or another client edited them. What was remembered is dropped, so the next pass repairs the labels.
     * The labeler's own writes return false, so they do not start passes.
     */
    public boolean changedByOthers(StreamMonitor before, StreamMonitor after) {
        SortedSet<String> now = workersOf(after);
        if (now.equals(workersOf(before))
                || now.equals(lastWritten.get(after.getMetadata().getUid()))) {
            return false;
        }
        forget(after.getMetadata().getUid());
        return true;
    }

    /** The workers a monitor is labelled for now. */
    public static SortedSet<String> workersOf(StreamMonitor monitor) {
        SortedSet<String> out = new TreeSet<>();
        Map<String, String> labels = monitor.getMetadata().getLabels();
        if (labels != null) {
            labels.forEach((k, v) -> {
                if (k.startsWith(VigilLabels.WORKER_PREFIX) && "true".equals(v)) {
                    out.add(k.substring(VigilLabels.WORKER_PREFIX.length()));
                }
            });
        }
        return out;
    }

    /** Drops what is remembered of a deleted monitor. */
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

    private void apply(StreamMonitor monitor, SortedSet<String> workers) {
        Map<String, String> labels = new LinkedHashMap<>();
        workers.forEach(w -> labels.put(VigilLabels.workerLabel(w), "true"));
        GenericKubernetesResource metadataOnly = new GenericKubernetesResource();
        metadataOnly.setApiVersion(HasMetadata.getApiVersion(StreamMonitor.class));
        metadataOnly.setKind(HasMetadata.getKind(StreamMonitor.class));
        metadataOnly.setMetadata(new ObjectMetaBuilder()
                .withName(monitor.getMetadata().getName())
                .withNamespace(monitor.getMetadata().getNamespace())
                .withUid(monitor.getMetadata().getUid())
                .withLabels(labels)
                .build());
        client.resource(metadataOnly)
                .fieldManager(VigilLabels.FIELD_MANAGER)
                .forceConflicts()
                .serverSideApply();
    }

    /** A JSON patch (RFC 6902) of the worker labels: fabric8's mock server keeps nulls of a merge patch. */
    private void jsonPatch(StreamMonitor monitor, SortedSet<String> workers, SortedSet<String> current) {
        ArrayNode patch = JSON.createArrayNode();
        if (monitor.getMetadata().getLabels() == null) {
            patch.addObject().put("op", "add").put("path", "/metadata/labels").putObject("value");
        }
        for (String w : current) {
            if (!workers.contains(w)) {
                patch.addObject().put("op", "remove").put("path", labelPath(w));
            }
        }
        for (String w : workers) {
            patch.addObject().put("op", "add").put("path", labelPath(w)).put("value", "true");
        }
        client.resources(StreamMonitor.class)
                .inNamespace(monitor.getMetadata().getNamespace())
                .withName(monitor.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON), patch.toString());
    }

    private static String labelPath(String worker) {
        return "/metadata/labels/"
                + VigilLabels.workerLabel(worker).replace("~", "~0").replace("/", "~1");
    }
}
