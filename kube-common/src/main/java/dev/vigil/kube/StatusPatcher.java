package dev.vigil.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.EditReplacePatchable;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Writes the status fields one writer owns on a custom resource, and no others: the protocol the operator and the
 * workers share, since both write the status of the same StreamMonitors.
 *
 * <ul>
 *   <li><b>Owned fields only.</b> A JSON patch (RFC 6902) on the status subresource adds or removes exactly the
 *       fields the {@link Ownership} names. A list goes whole, so a writer that shares one (the conditions) sends
 *       the others' entries as it read them.</li>
 *   <li><b>resourceVersion precondition.</b> The patch first sets {@code metadata.resourceVersion} to the version
 *       read: the API server answers 409 when anyone wrote in between, instead of letting this write clobber it.</li>
 *   <li><b>409 → re-read.</b> On a conflict the resource is read again, what is wanted is computed again from that
 *       read, and the write retried, up to {@code attempts} in all.</li>
 *   <li><b>Skip unchanged.</b> Nothing is sent when what is wanted equals what this writer last wrote or what is
 *       on the resource now.</li>
 *   <li><b>One request per write.</b> The patch is sent for the object as read, so the client does not fetch the
 *       resource first (fabric8 does when a patch names only the resource).</li>
 * </ul>
 *
 * One instance per writer and kind; thread-safe (different resources may be written from many threads at once).
 *
 * @param <R> the custom resource
 */
public final class StatusPatcher<R extends CustomResource<?, ?>> {

    /** How a write ended. */
    public enum Result {
        WRITTEN,
        UNCHANGED,
        GONE
    }

    /** How one request ended, for a writer's metrics. */
    public enum Outcome {
        WRITTEN,
        CONFLICT,
        FAILED
    }

    /**
     * What one writer owns in a resource's status, as a value {@code V} that compares by {@code equals}.
     *
     * @param <R> the custom resource
     * @param <V> the owned fields
     */
    public interface Ownership<R, V> {

        /**
         * The owned fields wanted, given the resource as read (computed again from a fresh read after a conflict).
         *
         * @param lastWritten what this writer last wrote to the resource (null: nothing yet), for values that should
         *                    stay as they were, such as a condition's lastTransitionTime
         */
        V wanted(R read, V lastWritten);

        /** The owned fields as they are on {@code read}, comparable with {@link #wanted}. */
        V actual(R read);

        /**
         * The status fields to send for {@code wanted}, by name, in order; a null (or JSON null) value removes the
         * field. Fields not named are not touched.
         */
        Map<String, JsonNode> fields(V wanted, R read);
    }

    /**
     * @param resource the resource as the server answered the write; after {@link Result#UNCHANGED} the resource
     *                 as last read; null after {@link Result#GONE}
     */
    public record Answer<R>(Result result, R resource) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final Class<R> type;
    private final Function<R, String> key;
    private final int attempts;
    private final Consumer<Outcome> outcomes;
    /** key -> owned fields last written (or found already in place). */
    private final Map<String, Object> lastWritten = new ConcurrentHashMap<>();

    /**
     * @param key      names a resource in this writer's memory (a uid, or namespace/name)
     * @param attempts requests per write at most, the first included (conflicts are retried up to it)
     * @param outcomes told how each request ended
     */
    public StatusPatcher(
            KubernetesClient client, Class<R> type, Function<R, String> key, int attempts, Consumer<Outcome> outcomes) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
        this.client = client;
        this.type = type;
        this.key = key;
        this.attempts = attempts;
        this.outcomes = outcomes;
    }

    /** True when writing would change the resource as far as this writer knows (no request made). */
    public <V> boolean needsWrite(R read, Ownership<R, V> ownership) {
        V last = last(read);
        V wanted = ownership.wanted(read, last);
        return !wanted.equals(last) && !wanted.equals(ownership.actual(read));
    }

    /**
     * Brings the owned fields of the resource to what {@code ownership} wants, starting from {@code read}.
     *
     * @throws KubernetesClientException when the API server refuses for another reason than a conflict, or keeps
     *                                   answering 409 for {@code attempts} requests
     */
    public <V> Answer<R> write(R read, Ownership<R, V> ownership) {
        R current = read;
        for (int attempt = 1; ; attempt++) {
            String k = key.apply(current);
            V last = last(current);
            V wanted = ownership.wanted(current, last);
            if (wanted.equals(last) || wanted.equals(ownership.actual(current))) {
                lastWritten.put(k, wanted);
                return new Answer<>(Result.UNCHANGED, current);
            }
            try {
                R written = status(current)
                        .patch(
                                PatchContext.of(PatchType.JSON),
                                patch(current, ownership.fields(wanted, current))
                                        .toString());
                lastWritten.put(k, wanted);
                outcomes.accept(Outcome.WRITTEN);
                return new Answer<>(Result.WRITTEN, written);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    forget(k);
                    return new Answer<>(Result.GONE, null);
                }
                // 422: a field this patch removes was removed in between; the fresh read settles it like a 409
                boolean conflict = e.getCode() == 409 || e.getCode() == 422;
                outcomes.accept(conflict ? Outcome.CONFLICT : Outcome.FAILED);
                if (!conflict || attempt >= attempts) {
                    throw e;
                }
                R fresh = client.resources(type)
                        .inNamespace(current.getMetadata().getNamespace())
                        .withName(current.getMetadata().getName())
                        .get();
                if (fresh == null) {
                    forget(k);
                    return new Answer<>(Result.GONE, null);
                }
                current = fresh;
            }
        }
    }

    /** Drops what is remembered of a resource (deleted, or no longer this writer's). */
    public void forget(String resourceKey) {
        if (resourceKey != null) {
            lastWritten.remove(resourceKey);
        }
    }

    @SuppressWarnings("unchecked")
    private <V> V last(R resource) {
        return (V) lastWritten.get(key.apply(resource));
    }

    /** The status subresource of the resource as read: given the object, the client sends no GET before the patch. */
    private EditReplacePatchable<R> status(R resource) {
        return client.resources(type)
                .inNamespace(resource.getMetadata().getNamespace())
                .resource(resource)
                .subresource("status");
    }

    /** resourceVersion precondition, then each owned field added, replaced or removed. */
    private static ArrayNode patch(CustomResource<?, ?> read, Map<String, JsonNode> fields) {
        ArrayNode patch = JSON.createArrayNode();
        patch.addObject()
                .put("op", "replace")
                .put("path", "/metadata/resourceVersion")
                .put("value", read.getMetadata().getResourceVersion());
        JsonNode status = read.getStatus() == null ? null : JSON.valueToTree(read.getStatus());
        if (status == null) {
            patch.addObject().put("op", "add").put("path", "/status").putObject("value");
        }
        fields.forEach((name, value) -> {
            String path = "/status/" + name.replace("~", "~0").replace("/", "~1");
            if (value != null && !value.isNull()) {
                patch.addObject().put("op", "add").put("path", path).set("value", value);
            } else if (status != null && status.hasNonNull(name)) {
                patch.addObject().put("op", "remove").put("path", path);
            }
        });
        return patch;
    }
}
