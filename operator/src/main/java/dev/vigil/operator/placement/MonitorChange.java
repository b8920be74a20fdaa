package dev.vigil.operator.placement;

import dev.vigil.api.v1alpha1.StreamMonitor;
import java.util.Objects;

/** Which updates of a StreamMonitor the placement loop acts on, and how. Pure. */
final class MonitorChange {

    private MonitorChange() {}

    /**
     * The spec (generation), a deletion, or the monitor's cost: a worker reporting a stream format that costs other
     * units than before. Other stream facts (bit rate, codec) are not scheduling input.
     */
    static boolean mattersToScheduling(StreamMonitor before, StreamMonitor after) {
        var a = before.getMetadata();
        var b = after.getMetadata();
        return !Objects.equals(a.getGeneration(), b.getGeneration())
                || !Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
                || ClusterStateMapper.cost(before) != ClusterStateMapper.cost(after);
    }

    /** What the worker reports that the monitor's Ready and health are derived from. */
    static boolean mattersToReadiness(StreamMonitor before, StreamMonitor after) {
        return !WorkerReport.of(before).equals(WorkerReport.of(after));
    }
}
