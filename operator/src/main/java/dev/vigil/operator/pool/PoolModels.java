package dev.vigil.operator.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.api.v1alpha1.spec.ModelSource;
import dev.vigil.api.v1alpha1.spec.ModelSpec;
import dev.vigil.api.v1alpha1.spec.WorkerPoolSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a WorkerPool's {@code spec.models[]} reach its workers. Pure.
 *
 * <ul>
 *   <li>A ConfigMap or Secret entry is mounted read-only as {@code /var/lib/vigil/models/<name>/model.onnx}
 *       (one volume per model, only its key). The volume is optional: a missing ConfigMap, Secret or key
 *       must not keep the whole pool's pods from starting; the worker then reports the unreadable file on the
 *       monitors that ask for that model, and its other detectors run.</li>
 *   <li>A {@code path} source is used as it is: the user's image or volume provides the file.</li>
 *   <li>The contracts travel in one environment variable, {@link #ENV}: a JSON list in the format of
 *       {@code vigil analyze}'s {@code models:} entries ({@code name}, {@code file}, {@code input},
 *       {@code output}, {@code raiseSec}, {@code clearSec}), so the worker reads them with the code that reads
 *       config files. An env var rather than a generated ConfigMap: no further object to own, apply and clean
 *       up, at most {@link WorkerPoolSpec#MAX_MODELS} small entries, and a change of a contract changes the pod
 *       template, which rolls the workers that load models only at start.</li>
 * </ul>
 */
public final class PoolModels {

    public static final String ENV = "VIGIL_MODELS";
    public static final String ROOT = "/var/lib/vigil/models";
    public static final String FILE = "model.onnx";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PoolModels() {}

    private static List<ModelSpec> models(WorkerPoolSpec spec) {
        return spec.getModels() == null ? List.of() : spec.getModels();
    }

    /** Where a worker finds the model's file. */
    public static String file(ModelSpec model) {
        ModelSource s = model.getSource();
        return s != null && s.getPath() != null ? s.getPath() : ROOT + "/" + model.getName() + "/" + FILE;
    }

    /** A volume name (a DNS label of at most 63 characters) per mounted model; model names are unique. */
    static String volumeName(ModelSpec model) {
        String name = "model-" + model.getName();
        return name.length() <= 63
                ? name
                : name.substring(0, 54) + "-"
                        + String.format("%08x", model.getName().hashCode());
    }

    private static boolean mounted(ModelSpec model) {
        ModelSource s = model.getSource();
        return s != null && (s.getConfigMap() != null || s.getSecret() != null);
    }

    public static List<Volume> volumes(WorkerPoolSpec spec) {
        List<Volume> volumes = new ArrayList<>();
        for (ModelSpec m : models(spec)) {
            ModelSource s = m.getSource();
            if (!mounted(m)) {
                continue;
            }
            VolumeBuilder v = new VolumeBuilder().withName(volumeName(m));
            if (s.getConfigMap() != null) {
                v.withNewConfigMap()
                        .withName(s.getConfigMap().getName())
                        .withOptional(true)
                        .addNewItem()
                        .withKey(s.getConfigMap().getKey())
                        .withPath(FILE)
                        .endItem()
                        .endConfigMap();
            } else {
                v.withNewSecret()
                        .withSecretName(s.getSecret().getName())
                        .withOptional(true)
                        .addNewItem()
                        .withKey(s.getSecret().getKey())
                        .withPath(FILE)
                        .endItem()
                        .endSecret();
            }
            volumes.add(v.build());
        }
        return volumes;
    }

    public static List<VolumeMount> mounts(WorkerPoolSpec spec) {
        return models(spec).stream()
                .filter(PoolModels::mounted)
                .map(m -> new VolumeMountBuilder()
                        .withName(volumeName(m))
                        .withMountPath(ROOT + "/" + m.getName())
                        .withReadOnly(true)
                        .build())
                .toList();
    }

    /** {@link #ENV} for the worker container; empty for a pool without models. */
    public static Optional<EnvVar> env(WorkerPoolSpec spec) {
        if (models(spec).isEmpty()) {
            return Optional.empty();
        }
        ArrayNode list = JSON.createArrayNode();
        for (ModelSpec m : models(spec)) {
            ObjectNode n = list.addObject();
            n.put("name", m.getName());
            n.put("file", file(m));
            if (m.getInput() != null) {
                n.set("input", JSON.valueToTree(m.getInput()));
            }
            if (m.getOutput() != null) {
                n.set("output", JSON.valueToTree(m.getOutput()));
            }
            if (m.getRaiseSec() != null) {
                n.put("raiseSec", m.getRaiseSec());
            }
            if (m.getClearSec() != null) {
                n.put("clearSec", m.getClearSec());
            }
        }
        try {
            return Optional.of(new EnvVar(ENV, JSON.writeValueAsString(list), null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + ENV, e);
        }
    }
}
