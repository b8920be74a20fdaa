package dev.vigil.worker.cluster;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSecretRef;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.status.Assignment;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.catalog.DetectorCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What this worker should run of a monitor: the {@code status.assignments} entries naming it (the label only
 * brought the monitor to this worker's informer), the spec's source, and its detector overrides merged over
 * each detector's defaults. Pure.
 */
public final class ShardPlanner {

    private ShardPlanner() {}

    /** Empty when the monitor is suspended or has no assignment for {@code worker}. */
    public static Optional<Shard> plan(StreamMonitor monitor, String worker) {
        if (monitor.getSpec() == null
                || monitor.getSpec().getSource() == null
                || Boolean.TRUE.equals(monitor.getSpec().getSuspend())
                || monitor.getStatus() == null
                || monitor.getStatus().getAssignments() == null) {
            return Optional.empty();
        }
        List<Assignment> assignments = monitor.getStatus().getAssignments();
        Set<String> names = new LinkedHashSet<>();
        boolean mine = false;
        for (Assignment a : assignments) {
            if (worker.equals(a.getWorker())) {
                mine = true;
                if (a.getDetectors() != null) {
                    names.addAll(a.getDetectors());
                }
            }
        }
        if (!mine) {
            return Optional.empty();
        }
        boolean primary = worker.equals(assignments.get(0).getWorker());
        Map<String, DetectorSpec> overrides = monitor.getSpec().getDetectors() == null
                ? Map.of()
                : monitor.getSpec().getDetectors();
        Map<DetectorName, DetectorSettings> detectors = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            Optional<DetectorName> type = parse(name).filter(DetectorCatalog::isAvailable);
            if (type.isEmpty()) {
                problems.add("detector '" + name + "' is not available in this worker");
                continue;
            }
            DetectorSettings settings = DetectorCatalog.allDefaults().get(type.get());
            DetectorSpec o = overrides.get(name);
            if (o != null) {
                try {
                    settings = settings.withOverrides(
                            o.getEnabled(),
                            o.getSeverity(),
                            o.getRaiseSec(),
                            o.getClearSec(),
                            o.getThresholds() == null ? Map.of() : o.getThresholds());
                } catch (IllegalArgumentException e) {
                    problems.add("detector '" + name + "': " + e.getMessage());
                    continue;
                }
            }
            detectors.put(type.get(), settings);
        }
        String invalid = problems.isEmpty() ? null : String.join("; ", problems);
        return Optional.of(new Shard(
                monitor.getMetadata().getNamespace(),
                monitor.getMetadata().getName(),
                monitor.getMetadata().getUid(),
                copy(monitor.getSpec().getSource()),
                detectors,
                names,
                primary,
                invalid));
    }

    /** The shard keeps its own copy: the informer's objects are shared and compared with later versions. */
    private static SourceSpec copy(SourceSpec s) {
        SourceSpec c = new SourceSpec(s.getUrl());
        if (s.getSecretRef() != null) {
            SourceSecretRef r = new SourceSecretRef();
            r.setName(s.getSecretRef().getName());
            r.setUsernameKey(s.getSecretRef().getUsernameKey());
            r.setPasswordKey(s.getSecretRef().getPasswordKey());
            r.setPassphraseKey(s.getSecretRef().getPassphraseKey());
            c.setSecretRef(r);
        }
        c.setOptions(s.getOptions() == null ? null : Map.copyOf(s.getOptions()));
        c.setOpenTimeoutSec(s.getOpenTimeoutSec());
        c.setReadTimeoutSec(s.getReadTimeoutSec());
        return c;
    }

    /** A detector name from the spec (built-in or model:<name>); empty when the name is malformed. */
    private static Optional<DetectorName> parse(String name) {
        try {
            return Optional.of(DetectorName.parse(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
