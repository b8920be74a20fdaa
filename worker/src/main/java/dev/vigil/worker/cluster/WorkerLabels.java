package dev.vigil.worker.cluster;

/** Label and annotation names the worker shares with the operator (the operator's VigilLabels). */
public final class WorkerLabels {

    /** On worker Leases: the WorkerPool the worker belongs to. */
    public static final String POOL = "vigil.dev/pool";
    /** On worker Leases: the stream units the worker carries now. */
    public static final String LOAD_UNITS = "vigil.dev/load-units";
    /** On worker Leases: "true" once the operator drains the worker. */
    public static final String DRAINING = "vigil.dev/draining";
    /** On StreamMonitors: one label per worker running a shard of the monitor, value "true". */
    public static final String WORKER_PREFIX = "workers.vigil.dev/";

    private WorkerLabels() {}

    /** The label that selects the monitors of {@code worker}. */
    public static String workerLabel(String worker) {
        return WORKER_PREFIX + worker;
    }
}
