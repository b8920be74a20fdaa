package dev.vigil.operator.placement;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.spec.WorkerPoolSpec;
import dev.vigil.operator.VigilLabels;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Builders for the resources the operator tests create. */
public final class TestResources {

    private TestResources() {}

    public static WorkerPool pool(String ns, String name, double capacity, int min, int max, String... detectors) {
        WorkerPoolSpec spec = new WorkerPoolSpec();
        spec.setDetectors(List.of(detectors));
        spec.setCapacity(capacity);
        spec.setMinWorkers(min);
        spec.setMaxWorkers(max);
        return new WorkerPool(ns, name, spec);
    }

    public static StreamMonitor monitor(String ns, String name, String... detectors) {
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(new SourceSpec("srt://encoder:9000"));
        for (String d : detectors) {
            spec.withDetector(d, new DetectorSpec());
        }
        return new StreamMonitor(ns, name, spec);
    }

    public static Lease lease(String ns, String worker, String pool, Instant renewed, int durationSeconds) {
        return new LeaseBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(worker)
                .addToLabels(VigilLabels.POOL, pool)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(worker)
                .withLeaseDurationSeconds(durationSeconds)
                .withRenewTime(renewed.atZone(ZoneOffset.UTC))
                .endSpec()
                .build();
    }
}
