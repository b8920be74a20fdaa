package dev.vigil.operator.placement;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.StreamUnits;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.WorkerPoolSpec;
import dev.vigil.api.v1alpha1.status.StreamInfo;
import dev.vigil.operator.scheduling.Assignment;
import dev.vigil.operator.scheduling.Monitor;
import dev.vigil.operator.scheduling.MonitorId;
import dev.vigil.operator.scheduling.Pool;
import dev.vigil.operator.scheduling.StreamCost;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Maps the custom resources to the scheduler's input records. Pure. */
public final class ClusterStateMapper {

    private ClusterStateMapper() {}

    public static MonitorId id(StreamMonitor monitor) {
        return new MonitorId(
                monitor.getMetadata().getNamespace(), monitor.getMetadata().getName());
    }

    /**
     * True when spec.detectors is omitted: the monitor asks for the standard set, the built-in detectors (models
     * only when named), and runs those its pool carries.
     */
    public static boolean asksForStandardSet(StreamMonitor monitor) {
        return monitor.getSpec() == null || monitor.getSpec().getDetectors() == null;
    }

    /**
     * Detectors a monitor asks for: the standard set (every built-in one) when spec.detectors is omitted, else the
     * enabled entries.
     */
    public static Set<String> detectors(StreamMonitor monitor) {
        Set<String> out = new TreeSet<>();
        if (asksForStandardSet(monitor)) {
            for (DefectType t : DefectType.values()) {
                out.add(t.wireName());
            }
            return out;
        }
        Map<String, DetectorSpec> given = monitor.getSpec().getDetectors();
        given.forEach((name, spec) -> {
            if (spec == null || !Boolean.FALSE.equals(spec.getEnabled())) {
                out.add(name);
            }
        });
        return out;
    }

    /** Stream units from the format the worker reported; 1 unit while unknown, a small cost for audio only. */
    public static double cost(StreamMonitor monitor) {
        StreamInfo stream =
                monitor.getStatus() == null ? null : monitor.getStatus().getStream();
        if (stream == null) {
            return StreamCost.DEFAULT_UNITS;
        }
        String resolution = stream.getResolution();
        if (resolution == null || resolution.isBlank()) {
            return stream.getAudioCodec() != null ? StreamUnits.AUDIO_ONLY : StreamCost.DEFAULT_UNITS;
        }
        String[] wh = resolution.toLowerCase().split("x");
        try {
            double fps = stream.getFps() == null ? 25 : stream.getFps();
            return StreamCost.units(Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim()), fps);
        } catch (RuntimeException e) {
            return StreamCost.DEFAULT_UNITS;
        }
    }

    public static long generation(StreamMonitor monitor) {
        Long g = monitor.getMetadata().getGeneration();
        return g == null ? 0 : g;
    }

    public static Monitor toMonitor(StreamMonitor monitor, Instant now) {
        boolean suspended = monitor.getSpec() != null
                && Boolean.TRUE.equals(monitor.getSpec().getSuspend());
        List<Assignment> current = new ArrayList<>();
        var status = monitor.getStatus();
        if (status != null && status.getAssignments() != null) {
            // assignments were made for the generation the operator observed with them
            long placedFor =
                    status.getObservedGeneration() == null ? generation(monitor) : status.getObservedGeneration();
            for (var a : status.getAssignments()) {
                if (a.getPool() == null || a.getWorker() == null) {
                    continue;
                }
                Set<String> detectors = a.getDetectors() == null ? Set.of() : new TreeSet<>(a.getDetectors());
                current.add(new Assignment(a.getPool(), a.getWorker(), detectors, placedFor, parse(a.getSince(), now)));
            }
        }
        return new Monitor(
                id(monitor),
                detectors(monitor),
                cost(monitor),
                generation(monitor),
                suspended,
                current,
                asksForStandardSet(monitor));
    }

    /** The scheduler's pool; empty when the spec is not usable (the schema should have refused it). */
    public static Optional<Pool> toPool(WorkerPool pool) {
        WorkerPoolSpec spec = pool.getSpec();
        if (spec == null || spec.getCapacity() == null || spec.getMaxWorkers() == null || spec.getDetectors() == null) {
            return Optional.empty();
        }
        int min = spec.getMinWorkers() == null ? 1 : spec.getMinWorkers();
        try {
            return Optional.of(new Pool(
                    pool.getMetadata().getName(),
                    new TreeSet<>(spec.getDetectors()),
                    spec.getCapacity(),
                    min,
                    spec.getMaxWorkers(),
                    StreamCost.share(spec.getDecode()),
                    StreamCost.reserve(spec.getDecode())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Instant parse(String time, Instant fallback) {
        if (time == null) {
            return fallback;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
