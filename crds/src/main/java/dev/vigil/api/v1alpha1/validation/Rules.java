package dev.vigil.api.v1alpha1.validation;

/**
 * The CEL rules ({@code x-kubernetes-validations}) of the API and their messages, in one place so that
 * the model, the tests and the docs quote the same text.
 *
 * <p>The rules are written to stay cheap for the API server's CEL cost estimator: every string a rule
 * runs a regular expression over has a {@code maxLength}, every list or map a rule iterates has a
 * {@code maxItems}/{@code maxProperties}. Map keys cannot carry a {@code maxLength}, so detector names
 * are checked with membership, {@code startsWith} and {@code size}, never with a regular expression;
 * the characters of a {@code model:} name are checked by the operator when it reconciles.
 */
public final class Rules {

    /** The built-in detectors, by wire name ({@link dev.vigil.api.v1alpha1.DefectType#wireName()}). */
    public static final String BUILT_IN_DETECTORS =
            "['freeze', 'black', 'blockiness', 'corruption', 'silence', 'clipping', 'loudness', 'stall', 'transport',"
                    + " 'manifest', 'av_sync']";

    /**
     * Prefix of a bring-your-own detector: {@code model:<name>} names an ML model (ONNX) that the worker
     * image of a {@code WorkerPool} provides; {@code <name>} is 1 to 63 characters (a DNS label:
     * lower-case letters, digits and '-'). Its defects are reported with the detector's name as type.
     */
    public static final String MODEL_PREFIX = "model:";
    public static final int MODEL_NAME_MAX = 63;


    /** On {@code StreamMonitor.spec.detectors} (a map keyed by detector name). */
    public static final String DETECTOR_KEYS =
            "self.all(k, k in " + BUILT_IN_DETECTORS
                    + " || (k.startsWith('model:') && size(k) > 6 && size(k) <= 69))";
    public static final String DETECTOR_KEYS_MESSAGE =
            "detector names must be one of freeze, black, blockiness, corruption, silence, clipping, loudness,"
                    + " stall, transport, manifest, av_sync, or model:<name> for a bring-your-own model (name of 1 to 63 characters)";

    /** On {@code WorkerPool.spec.detectors} (a list of detector names). */
    public static final String DETECTOR_LIST =
            "self.all(d, d in " + BUILT_IN_DETECTORS
                    + " || (d.startsWith('model:') && size(d) > 6 && size(d) <= 69))";
    public static final String DETECTOR_LIST_MESSAGE = DETECTOR_KEYS_MESSAGE;

    /** On {@code StreamMonitor.spec.source.url}. */
    public static final String SOURCE_URL =
            "self.matches('^(file|http|https|rtmp|rtmps|rtsp|rtsps|srt|udp|rtp)://.+')";
    public static final String SOURCE_URL_MESSAGE =
            "source.url must be a URL with one of the schemes file, http, https, rtmp, rtmps, rtsp, rtsps,"
                    + " srt, udp, rtp (for example srt://encoder:9000 or https://cdn/live/index.m3u8)";

    /** On {@code StreamMonitor.spec.notify.webhooks[*].url}. */
    public static final String WEBHOOK_URL = "self.matches('^https?://.+')";
    public static final String WEBHOOK_URL_MESSAGE = "webhook url must start with http:// or https://";

    /** On {@code WorkerPool.spec.models[*].source}: exactly one place to load the model from. */
    public static final String MODEL_SOURCE =
            "(has(self.configMap) ? 1 : 0) + (has(self.secret) ? 1 : 0) + (has(self.path) ? 1 : 0) == 1";
    public static final String MODEL_SOURCE_MESSAGE = "a model source must be exactly one of configMap, secret or path";

    /** On {@code WorkerPool.spec.models}: model names are unique. */
    public static final String MODEL_NAMES_UNIQUE = "self.all(m, self.exists_one(n, n.name == m.name))";
    public static final String MODEL_NAMES_UNIQUE_MESSAGE = "model names must be unique within a pool";

    /**
     * On {@code WorkerPool.spec}: every {@code model:<name>} detector is declared in {@code models}, except the
     * model every worker ships ({@code model:corruption}).
     */
    public static final String MODELS_DECLARED =
            "self.detectors.all(d, !d.startsWith('model:') || d == 'model:corruption'"
                    + " || (has(self.models) && self.models.exists(m, 'model:' + m.name == d)))";
    public static final String MODELS_DECLARED_MESSAGE =
            "every model:<name> detector of a pool (other than the shipped model:corruption) needs an entry <name> in models";

    /** On {@code WorkerPool.spec}. */
    public static final String WORKERS_RANGE = "!has(self.minWorkers) || self.maxWorkers >= self.minWorkers";
    public static final String WORKERS_RANGE_MESSAGE = "maxWorkers must be greater than or equal to minWorkers";

    /** On {@code WorkerPool.spec.evidence}: links are presigned or under a base URL, not both. */
    public static final String EVIDENCE_ONE_LINK_KIND = "!(has(self.presignExpirySec) && has(self.urlBase))";
    public static final String EVIDENCE_ONE_LINK_KIND_MESSAGE =
            "evidence links are either presigned (presignExpirySec) or under urlBase, not both";

    private Rules() {
    }
}
