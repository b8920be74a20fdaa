package dev.vigil.operator;

/** Label, annotation and manager names the operator and the workers agree on. */
public final class VigilLabels {

    /** On worker pods and their Leases: the WorkerPool they belong to. */
    public static final String POOL = "vigil.dev/pool";
    /** On worker Leases: the stream units the worker carries now (published by the worker). */
    public static final String LOAD_UNITS = "vigil.dev/load-units";
    /** On worker Leases: "true" once the worker is draining (set by the operator, honoured by the worker). */
    public static final String DRAINING = "vigil.dev/draining";
    /**
     * On StreamMonitors: one label {@code workers.vigil.dev/<worker>: "true"} per worker that runs a shard of the
     * monitor (set by the operator after the status assignment; a worker's informer selects its own label).
     */
    public static final String WORKER_PREFIX = "workers.vigil.dev/";
    /** Field manager of every write the operator makes. */
    public static final String FIELD_MANAGER = "vigil-operator";

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";

    /** The label that selects a monitor for one worker: {@code workers.vigil.dev/<worker>}. */
    public static String workerLabel(String worker) {
        return WORKER_PREFIX + worker;
    }

    private VigilLabels() {}
}
