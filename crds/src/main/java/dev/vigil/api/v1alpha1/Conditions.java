package dev.vigil.api.v1alpha1;

/**
 * Condition types and reasons of the API. Every resource has {@code Ready}; the other types belong to one
 * kind. Reasons are CamelCase and say why, not what.
 */
public final class Conditions {

    // --- types ---------------------------------------------------------------------------------

    /** Both kinds: the resource does what it is for. Always written, True or False. */
    public static final String READY = "Ready";
    /** StreamMonitor: every enabled detector has a worker. */
    public static final String SCHEDULED = "Scheduled";
    /** StreamMonitor: the source is connected and delivering media. */
    public static final String STREAM_UP = "StreamUp";
    /** StreamMonitor: at least one defect is open. */
    public static final String DEFECTS_ACTIVE = "DefectsActive";
    /** WorkerPool: the pool has the workers the placed monitors need. */
    public static final String SCALED_TO_DEMAND = "ScaledToDemand";

    // --- reasons: Ready ------------------------------------------------------------------------

    /** StreamMonitor Ready=True: scheduled and stream up (defects do not make a monitor un-ready). */
    public static final String MONITORING = "Monitoring";
    /** Ready=False: spec.suspend is true. */
    public static final String SUSPENDED = "Suspended";
    /** Ready=False: the spec passed the schema but cannot be used (e.g. a missing Secret). */
    public static final String INVALID_SPEC = "InvalidSpec";
    /** StreamMonitor Ready=False: not (fully) scheduled. */
    public static final String NOT_SCHEDULED = "NotScheduled";
    /** StreamMonitor Ready=False: the stream is not up. */
    public static final String STREAM_DOWN = "StreamDown";
    /** WorkerPool Ready=True: at least minWorkers workers are ready. */
    public static final String WORKERS_READY = "WorkersReady";
    /** WorkerPool Ready=False: fewer than minWorkers workers are ready. */
    public static final String WORKERS_NOT_READY = "WorkersNotReady";

    // --- reasons: Scheduled --------------------------------------------------------------------

    /** Scheduled=True. */
    public static final String PLACED = "Placed";
    /** Scheduled=False: pools that run the detectors are full (and at maxWorkers). */
    public static final String NO_CAPACITY = "NoCapacity";
    /** Scheduled=False: no pool runs one of the enabled detectors. */
    public static final String NO_POOL_FOR_DETECTORS = "NoPoolForDetectors";
    /** Scheduled=Unknown: waiting for the scheduler. */
    public static final String PENDING = "Pending";

    // --- reasons: StreamUp ---------------------------------------------------------------------

    /** StreamUp=True. */
    public static final String CONNECTED = "Connected";
    /** StreamUp=Unknown: first connection in progress. */
    public static final String CONNECTING = "Connecting";
    /** StreamUp=False: the source cannot be opened (refused, not found, unauthorized, timeout). */
    public static final String CONNECT_FAILED = "ConnectFailed";
    /** StreamUp=False: connected, but no media arrives (a stall). */
    public static final String NO_MEDIA = "NoMedia";
    /** StreamUp=False: the connection dropped; reconnecting with backoff. */
    public static final String RECONNECTING = "Reconnecting";
    /**
     * StreamUp=False: the worker's source policy refuses the source (a file outside the pool's filePaths, a
     * listening source in a pool that does not allow one, a URL or option the API would reject); nothing is opened.
     */
    public static final String SOURCE_NOT_ALLOWED = "SourceNotAllowed";
    /**
     * StreamUp=False: a Secret the monitor references does not consent to the use (label vigil.dev/usage), or a
     * webhook would send its credentials in clear text; the Secret's value is not used and never shown.
     */
    public static final String SECRET_NOT_PERMITTED = "SecretNotPermitted";
    /** StreamUp=False: the source has no stream the detectors can decode. */
    public static final String UNSUPPORTED_MEDIA = "UnsupportedMedia";

    // --- reasons: DefectsActive ----------------------------------------------------------------

    /** DefectsActive=True; the message lists the open defect types. */
    public static final String DEFECTS_OPEN = "DefectsOpen";
    /** DefectsActive=False. */
    public static final String NO_DEFECTS = "NoDefects";

    // --- reasons: ScaledToDemand ---------------------------------------------------------------

    /** ScaledToDemand=True. */
    public static final String SCALED = "Scaled";
    /** ScaledToDemand=False: workers are being added or removed. */
    public static final String SCALING = "Scaling";
    /** ScaledToDemand=False: demand exceeds maxWorkers × capacity. */
    public static final String AT_MAX_WORKERS = "AtMaxWorkers";

    private Conditions() {}
}
