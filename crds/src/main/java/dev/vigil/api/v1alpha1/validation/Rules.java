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
            "self.all(k, k in " + BUILT_IN_DETECTORS + " || (k.startsWith('model:') && size(k) > 6 && size(k) <= 69))";

    public static final String DETECTOR_KEYS_MESSAGE =
            "detector names must be one of freeze, black, blockiness, corruption, silence, clipping, loudness,"
                    + " stall, transport, manifest, av_sync, or model:<name> for a bring-your-own model (name of 1 to 63 characters)";

    /** On {@code WorkerPool.spec.detectors} (a list of detector names). */
    public static final String DETECTOR_LIST =
            "self.all(d, d in " + BUILT_IN_DETECTORS + " || (d.startsWith('model:') && size(d) > 6 && size(d) <= 69))";

    public static final String DETECTOR_LIST_MESSAGE = DETECTOR_KEYS_MESSAGE;

    /** On {@code StreamMonitor.spec.source.url}. */
    public static final String SOURCE_URL = "self.matches('^(file|http|https|rtmp|rtmps|rtsp|rtsps|srt|udp|rtp)://.+')";

    public static final String SOURCE_URL_MESSAGE =
            "source.url must be a URL with one of the schemes file, http, https, rtmp, rtmps, rtsp, rtsps,"
                    + " srt, udp, rtp (for example srt://encoder:9000 or https://cdn/live/index.m3u8)";

    /*
     * On {@code StreamMonitor.spec.source.url}, besides the scheme: the whole URL has the shape of its scheme
     * (SourceRules has the expressions, which the worker checks again). Each rule applies to its schemes only,
     * so a URL breaks at most one of them and the message says what that scheme accepts.
     */
    public static final String SOURCE_URL_FILE =
            "!self.startsWith('file:') || self.matches('" + SourceRules.FILE_URL + "')";
    public static final String SOURCE_URL_FILE_MESSAGE =
            "file sources must be file:///absolute/path with letters, digits and ._~+=@- only, no segment starting"
                    + " with '.' and nothing after the path (nested protocols such as file://concat: or file://tcp:// are"
                    + " refused); the monitor's WorkerPool must also list the directory in spec.sources.filePaths";
    public static final String SOURCE_URL_SERVER =
            "!self.matches('^(https?|rtmps?|rtsps?):') || self.matches('" + SourceRules.SERVER_URL + "')";
    public static final String SOURCE_URL_SERVER_MESSAGE =
            "http(s), rtmp(s) and rtsp(s) sources must be scheme://host[:port][/path] in printable ASCII without"
                    + " spaces and without user:password@ (credentials go in secretRef)";
    public static final String SOURCE_URL_SRT =
            "!self.startsWith('srt:') || self.matches('" + SourceRules.SRT_URL + "')";
    public static final String SOURCE_URL_SRT_MESSAGE =
            "srt sources must be srt://host:port with query parameters only from mode=caller|listener, latency,"
                    + " rcvlatency, peerlatency (microseconds), pbkeylen=0|16|24|32, transtype=live, streamid (the"
                    + " passphrase comes from secretRef, timeouts from openTimeoutSec/readTimeoutSec)";
    public static final String SOURCE_URL_DATAGRAM =
            "!self.matches('^(udp|rtp):') || self.matches('" + SourceRules.DATAGRAM_URL + "')";
    public static final String SOURCE_URL_DATAGRAM_MESSAGE =
            "udp and rtp sources must be udp|rtp://[@][host]:port with query parameters only from fifo_size,"
                    + " pkt_size, rtcpport, localrtpport, localrtcpport, buffer_size (numbers), overrun_nonfatal, reuse"
                    + " (0 or 1), sources (addresses, comma-separated); timeouts come from readTimeoutSec";

    /** On {@code StreamMonitor.spec.source.options}: the allowlist of FFmpeg options a monitor may set. */
    public static final String SOURCE_OPTION_KEYS = "self.all(k, k in [" + SourceRules.OPTION_KEYS_LIST + "])";

    public static final String SOURCE_OPTION_KEYS_MESSAGE =
            "source.options may only set " + SourceRules.OPTION_KEYS_LIST + " (timeouts come from openTimeoutSec and"
                    + " readTimeoutSec, credentials from secretRef; headers, proxies and protocol lists are never accepted)";

    /** On {@code StreamMonitor.spec.source.options}: each allowed option with a value of its kind. */
    public static final String SOURCE_OPTION_VALUES = "self.all(k, (k != 'live_start_index' || self[k].matches('"
            + SourceRules.LIVE_START_INDEX + "'))"
            + " && (!(k in [" + SourceRules.KEYS_3_DIGITS + "]) || self[k].matches('" + SourceRules.DIGITS_3 + "'))"
            + " && (!(k in [" + SourceRules.KEYS_6_DIGITS + "]) || self[k].matches('" + SourceRules.DIGITS_6 + "'))"
            + " && (!(k in [" + SourceRules.KEYS_8_DIGITS + "]) || self[k].matches('" + SourceRules.DIGITS_8 + "'))"
            + " && (!(k in [" + SourceRules.KEYS_0_OR_1 + "]) || self[k] in ['0', '1'])"
            + " && (k != 'rtmp_live' || self[k] in [" + SourceRules.RTMP_LIVE + "])"
            + " && (k != 'rtsp_transport' || self[k] in [" + SourceRules.RTSP_TRANSPORT + "])"
            + " && (k != 'rtsp_flags' || self[k] in [" + SourceRules.RTSP_FLAGS + "])"
            + " && (k != 'pbkeylen' || self[k] in [" + SourceRules.PBKEYLEN + "])"
            + " && (k != 'fflags' || self[k].matches('" + SourceRules.FFLAGS + "'))"
            + " && (k != 'user_agent' || self[k].matches('" + SourceRules.USER_AGENT + "'))"
            + " && (k != 'streamid' || self[k].matches('" + SourceRules.STREAM_ID + "')))";

    public static final String SOURCE_OPTION_VALUES_MESSAGE =
            "source.options values: live_start_index -9999..9999; max_reload, seg_max_retry, m3u8_hold_counters,"
                    + " reorder_queue_size 0..999; rtmp_buffer, fifo_size 0..999999; buffer_size, latency, rcvlatency,"
                    + " peerlatency, probesize, analyzeduration, max_delay 0..99999999; http_persistent, http_multiple,"
                    + " overrun_nonfatal, listen 0 or 1; rtmp_live any|live|recorded; rtsp_transport"
                    + " tcp|udp|udp_multicast; rtsp_flags prefer_tcp|listen; pbkeylen 0|16|24|32; fflags a +/- list of"
                    + " nobuffer, genpts, discardcorrupt, igndts, ignidx, nofillin, sortdts; user_agent and streamid"
                    + " printable text";

    /** On {@code StreamMonitor.spec.source}: the options that make FFmpeg listen belong to one scheme each. */
    public static final String SOURCE_OPTION_SCHEME = "!has(self.options) || ((!('listen' in self.options)"
            + " || self.url.startsWith('rtmp://')) && (!('rtsp_flags' in self.options) || self.url.startsWith('rtsp')))";

    public static final String SOURCE_OPTION_SCHEME_MESSAGE =
            "source.options listen applies to rtmp:// sources only and rtsp_flags to rtsp(s):// sources only"
                    + " (a listening source also needs spec.sources.listen: true on its WorkerPool)";

    /** On {@code StreamMonitor.spec.notify.webhooks[*].url}. */
    public static final String WEBHOOK_URL =
            "self.matches('^https?://" + SourceRules.HOST + "(:[0-9]{1,5})?(/[!-~]*)?$')";

    public static final String WEBHOOK_URL_MESSAGE = "webhook url must be http(s)://host[:port][/path] in printable"
            + " ASCII without spaces and without user:password@ (credentials go in secretRef)";

    /** On {@code StreamMonitor.spec.notify.webhooks[*]}: credentials only over TLS. */
    public static final String WEBHOOK_CREDENTIALS = "!has(self.secretRef) || self.url.startsWith('https://')";

    public static final String WEBHOOK_CREDENTIALS_MESSAGE =
            "a webhook with a secretRef must use an https:// url: Vigil never sends credentials in clear text";

    /** On {@code WorkerPool.spec.sources.filePaths}: absolute directories, no tricks. */
    public static final String FILE_PATHS = "self.all(p, p.matches('" + SourceRules.FILE_PATH + "'))";

    public static final String FILE_PATHS_MESSAGE = "filePaths entries must be absolute directory paths ending in"
            + " '/', with letters, digits and ._~+=@- only and no segment starting with '.' (for example /media/)";

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

    private Rules() {}
}
