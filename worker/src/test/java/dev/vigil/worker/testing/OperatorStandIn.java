package dev.vigil.worker.testing;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.status.Assignment;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.worker.cluster.WorkerLabels;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Does what the operator does for a worker, in tests: writes {@code status.assignments} first, then the label
 * {@code workers.vigil.dev/<worker>}; on removal the assignment first, then the label.
 */
public final class OperatorStandIn {

    private final KubernetesClient client;
    private final String namespace;

    public OperatorStandIn(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Creates a monitor of {@code url} asking for {@code detectors} (null settings: defaults). */
    public StreamMonitor create(String name, SourceSpec source, Map<String, DetectorSpec> detectors) {
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(source);
        detectors.forEach((k, v) -> spec.withDetector(k, v == null ? new DetectorSpec() : v));
        return client.resource(new StreamMonitor(namespace, name, spec)).create();
    }

    /** Assigns the monitor to the workers, in order (the first is primary), each with its detectors. */
    public void assign(String name, String pool, Map<String, List<String>> detectorsByWorker) {
        List<Assignment> assignments = new ArrayList<>();
        detectorsByWorker.forEach((worker, detectors) -> {
            Assignment a = new Assignment();
            a.setPool(pool);
            a.setWorker(worker);
            a.setDetectors(detectors);
            a.setSince("2026-01-01T00:00:00Z");
            assignments.add(a);
        });
        editStatus(name, s -> {
            s.setAssignments(assignments.isEmpty() ? null : assignments);
            return s;
        });
        editLabels(name, labels -> {
            labels.keySet()
                    .removeIf(k -> k.startsWith(WorkerLabels.WORKER_PREFIX)
                            && !detectorsByWorker.containsKey(k.substring(WorkerLabels.WORKER_PREFIX.length())));
            detectorsByWorker.keySet().forEach(w -> labels.put(WorkerLabels.workerLabel(w), "true"));
        });
    }

    public StreamMonitor get(String name) {
        return client.resources(StreamMonitor.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    public void editSpec(String name, java.util.function.Consumer<StreamMonitorSpec> change) {
        edit(name, m -> {
            change.accept(m.getSpec());
            return m;
        });
    }

    public void delete(String name) {
        client.resources(StreamMonitor.class)
                .inNamespace(namespace)
                .withName(name)
                .delete();
    }

    private void editStatus(String name, UnaryOperator<StreamMonitorStatus> change) {
        for (int attempt = 0; ; attempt++) {
            StreamMonitor m = get(name);
            StreamMonitorStatus s = m.getStatus() == null ? new StreamMonitorStatus() : m.getStatus();
            m.setStatus(change.apply(s));
            try {
                client.resource(m).updateStatus(); // with the resourceVersion read: a worker write in between is a 409
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt > 20) {
                    throw e;
                }
            }
        }
    }

    private void editLabels(String name, java.util.function.Consumer<Map<String, String>> change) {
        edit(name, m -> {
            Map<String, String> labels = m.getMetadata().getLabels() == null
                    ? new java.util.HashMap<>()
                    : new java.util.HashMap<>(m.getMetadata().getLabels());
            change.accept(labels);
            m.getMetadata().setLabels(labels);
            return m;
        });
    }

    /** edit() sends the resourceVersion it read: a worker's status write in between is a 409, so read and try again. */
    private void edit(String name, UnaryOperator<StreamMonitor> change) {
        for (int attempt = 0; ; attempt++) {
            try {
                client.resources(StreamMonitor.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .edit(change);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt > 20) {
                    throw e;
                }
            }
        }
    }
}
