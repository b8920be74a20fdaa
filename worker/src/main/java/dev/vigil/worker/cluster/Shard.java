package dev.vigil.worker.cluster;

import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The part of one StreamMonitor this worker runs, as its status assignments and spec say.
 *
 * @param detectors      effective settings of the detectors this worker runs for the monitor
 * @param ownedDetectors the detector names of this worker's assignment(s): whose defects it reports
 * @param primary        this worker has the monitor's first assignment, so it reports StreamUp and stream facts
 * @param invalid        why the shard cannot run (a bad threshold), or null
 */
public record Shard(
        String namespace,
        String name,
        String uid,
        SourceSpec source,
        Map<DetectorName, DetectorSettings> detectors,
        Set<String> ownedDetectors,
        boolean primary,
        String invalid) {

    public Shard {
        detectors = Map.copyOf(detectors);
        ownedDetectors = Set.copyOf(ownedDetectors);
    }

    public String key() {
        return namespace + "/" + name;
    }

    /** Whether going from {@code other} to this shard needs a new session (source or detectors changed). */
    public boolean needsRestartFrom(Shard other) {
        return !Objects.equals(uid, other.uid)
                || !Objects.equals(source, other.source)
                || !detectors.equals(other.detectors)
                || !Objects.equals(invalid, other.invalid);
    }
}
