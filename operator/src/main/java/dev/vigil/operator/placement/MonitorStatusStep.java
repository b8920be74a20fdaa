package dev.vigil.operator.placement;

import dev.vigil.api.v1alpha1.StreamMonitor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A monitor's operator-owned status recomputed from the last plan of its namespace and the worker's report, without
 * planning anything: what a change of StreamUp or DefectsActive needs. Written through the {@link StatusRecorder},
 * which skips a status that comes out the same. Labels are not touched: assignments do not change here.
 */
final class MonitorStatusStep {

    private final StatusRecorder recorder;
    private final StatusWriters writers;

    MonitorStatusStep(StatusRecorder recorder, StatusWriters writers) {
        this.recorder = recorder;
        this.writers = writers;
    }

    /**
     * Writes the status of each monitor whose current generation its namespace's last plan was made for; the others
     * wait for the pass their change started.
     *
     * @return how many monitors were stepped
     */
    int run(List<StreamMonitor> monitors, Function<String, PlannedNamespace> lastPass) {
        List<Runnable> writes = new ArrayList<>();
        for (StreamMonitor sm : monitors) {
            PlannedNamespace planned = lastPass.apply(sm.getMetadata().getNamespace());
            if (planned == null
                    || sm.getMetadata().getDeletionTimestamp() != null
                    || !planned.planned(ClusterStateMapper.id(sm), ClusterStateMapper.generation(sm))) {
                continue;
            }
            writes.add(() -> recorder.recordMonitor(sm, current -> MonitorStatusMapper.owned(current, planned.plan())));
        }
        writers.runAll(writes);
        return writes.size();
    }
}
