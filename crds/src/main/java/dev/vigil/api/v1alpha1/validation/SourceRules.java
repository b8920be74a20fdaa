package dev.vigil.api.v1alpha1.validation;

import dev.vigil.api.v1alpha1.spec.SourceSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a StreamMonitor's source may say, as regular expressions that are both CEL ({@link Rules} builds the
 * CRD's rules from them) and Java (the worker checks every source again with {@link #problems}, so the CRD is
 * not the only gate). Allowlists throughout: a URL must match the shape of its scheme as a whole, an option must
 * be one of {@link #OPTION_KEYS} with a value of its kind.
 *
 * <p>The expressions are written in the common subset of RE2 (CEL) and {@code java.util.regex}: no backslashes
 * (a {@code [?]} class instead of an escape), character classes without control characters. Java's {@code $}
 * also matches before a final line break, so {@link #problems} refuses control characters before matching.
 */
public final class SourceRules {

    /** One path segment: no '.' first (so no '.', '..' or hidden files), no ':' (so no nested protocol), no ','. */
    static final String SEGMENT = "[A-Za-z0-9_~+=@-][A-Za-z0-9._~+=@-]*";
    /** A DNS name or IPv4 address. No user info: credentials come from secretRef, never from the spec. */
    static final String HOST = "[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?";

    /** A directory a WorkerPool allows file sources below: absolute, ending in '/'. */
    public static final String FILE_PATH = "^(/" + SEGMENT + ")+/$";

    /** {@code file:///absolute/path}: nothing after {@code file://} but an absolute path. */
    public static final String FILE_URL = "^file://(/" + SEGMENT + ")+$";

    /** http(s), rtmp(s), rtsp(s): {@code scheme://host[:port][/path]}, printable ASCII without spaces. */
    public static final String SERVER_URL = "^(https?|rtmps?|rtsps?)://" + HOST + "(:[0-9]{1,5})?(/[!-~]*)?$";

    /**
     * SRT reads options from the URL's query, and they would override the worker's: only these. The passphrase
     * comes from secretRef, timeouts from openTimeoutSec/readTimeoutSec.
     */
    static final String SRT_PARAM = "(mode=(caller|listener)|(latency|rcvlatency|peerlatency)=[0-9]{1,8}"
            + "|pbkeylen=(0|16|24|32)|transtype=live|streamid=[A-Za-z0-9._~:/#!=,@+%-]{1,512})";

    public static final String SRT_URL = "^srt://" + HOST + ":[0-9]{1,5}([?]" + SRT_PARAM + "(&" + SRT_PARAM + ")*)?$";

    /** UDP and RTP read options from the URL's query too (timeout among them): only these. */
    static final String DATAGRAM_PARAM = "((fifo_size|pkt_size|rtcpport|localrtpport|localrtcpport)=[0-9]{1,6}"
            + "|buffer_size=[0-9]{1,8}|(overrun_nonfatal|reuse)=[01]|sources=[0-9A-Za-z.:,-]{1,256})";

    public static final String DATAGRAM_URL =
            "^(udp|rtp)://@?(" + HOST + ")?:[0-9]{1,5}([?]" + DATAGRAM_PARAM + "(&" + DATAGRAM_PARAM + ")*)?$";

    // --- options ---------------------------------------------------------------------------------------------

    /** Options a monitor may set, by kind of value. Everything else (timeouts, headers, proxies, ...) is refused. */
    public static final String OPTION_KEYS_LIST = "'live_start_index', 'max_reload', 'seg_max_retry',"
            + " 'm3u8_hold_counters', 'http_persistent', 'http_multiple', 'user_agent', 'rtmp_live', 'rtmp_buffer',"
            + " 'listen', 'rtsp_transport', 'rtsp_flags', 'reorder_queue_size', 'fifo_size', 'overrun_nonfatal',"
            + " 'buffer_size', 'latency', 'rcvlatency', 'peerlatency', 'pbkeylen', 'streamid', 'probesize',"
            + " 'analyzeduration', 'max_delay', 'fflags'";

    static final String KEYS_3_DIGITS = "'max_reload', 'seg_max_retry', 'm3u8_hold_counters', 'reorder_queue_size'";
    static final String KEYS_6_DIGITS = "'rtmp_buffer', 'fifo_size'";
    static final String KEYS_8_DIGITS =
            "'buffer_size', 'latency', 'rcvlatency', 'peerlatency', 'probesize'," + " 'analyzeduration', 'max_delay'";
    static final String KEYS_0_OR_1 = "'http_persistent', 'http_multiple', 'overrun_nonfatal', 'listen'";
    static final String LIVE_START_INDEX = "^-?[0-9]{1,4}$";
    static final String DIGITS_3 = "^[0-9]{1,3}$";
    static final String DIGITS_6 = "^[0-9]{1,6}$";
    static final String DIGITS_8 = "^[0-9]{1,8}$";
    static final String FFLAG = "(nobuffer|genpts|discardcorrupt|igndts|ignidx|nofillin|sortdts)";
    static final String FFLAGS = "^[+-]?" + FFLAG + "([+-]" + FFLAG + ")*$";
    static final String USER_AGENT = "^[A-Za-z0-9 ._/();:+,-]{1,128}$";
    static final String STREAM_ID = "^[A-Za-z0-9._~:/#!=,@+%-]{1,512}$";
    static final String RTMP_LIVE = "'any', 'live', 'recorded'";
    static final String RTSP_TRANSPORT = "'tcp', 'udp', 'udp_multicast'";
    static final String RTSP_FLAGS = "'prefer_tcp', 'listen'";
    static final String PBKEYLEN = "'0', '16', '24', '32'";

    /** The option keys of {@link #OPTION_KEYS_LIST}. */
    public static final Set<String> OPTION_KEYS = names(OPTION_KEYS_LIST);

    private static final Pattern FILE = Pattern.compile(FILE_URL);
    private static final Pattern DIRECTORY = Pattern.compile(FILE_PATH);
    private static final Pattern SERVER = Pattern.compile(SERVER_URL);
    private static final Pattern SRT = Pattern.compile(SRT_URL);
    private static final Pattern DATAGRAM = Pattern.compile(DATAGRAM_URL);
    private static final Pattern SCHEME = Pattern.compile("^(file|http|https|rtmp|rtmps|rtsp|rtsps|srt|udp|rtp)://.+");
    private static final Map<Set<String>, Pattern> NUMBERS = Map.of(
            names(KEYS_3_DIGITS), Pattern.compile(DIGITS_3),
            names(KEYS_6_DIGITS), Pattern.compile(DIGITS_6),
            names(KEYS_8_DIGITS), Pattern.compile(DIGITS_8),
            Set.of("live_start_index"), Pattern.compile(LIVE_START_INDEX),
            Set.of("user_agent"), Pattern.compile(USER_AGENT),
            Set.of("streamid"), Pattern.compile(STREAM_ID),
            Set.of("fflags"), Pattern.compile(FFLAGS));
    private static final Map<Set<String>, Set<String>> CHOICES = Map.of(
            names(KEYS_0_OR_1), Set.of("0", "1"),
            Set.of("rtmp_live"), names(RTMP_LIVE),
            Set.of("rtsp_transport"), names(RTSP_TRANSPORT),
            Set.of("rtsp_flags"), names(RTSP_FLAGS),
            Set.of("pbkeylen"), names(PBKEYLEN));

    private SourceRules() {}

    /**
     * Every rule of the CRD that a source breaks, as the messages of {@link Rules} (empty: the source is fine).
     * The same verdicts as the API server's CEL rules, for the worker's own check.
     */
    public static List<String> problems(SourceSpec source) {
        List<String> out = new ArrayList<>();
        String url = source.getUrl();
        if (url == null || url.isEmpty() || url.length() > SourceSpec.MAX_URL_LENGTH || hasControl(url)) {
            out.add(Rules.SOURCE_URL_MESSAGE);
            return out;
        }
        if (!SCHEME.matcher(url).find()) {
            out.add(Rules.SOURCE_URL_MESSAGE);
        }
        if (url.startsWith("file:") && !FILE.matcher(url).find()) {
            out.add(Rules.SOURCE_URL_FILE_MESSAGE);
        }
        if (url.matches("^(https?|rtmps?|rtsps?):.*") && !SERVER.matcher(url).find()) {
            out.add(Rules.SOURCE_URL_SERVER_MESSAGE);
        }
        if (url.startsWith("srt:") && !SRT.matcher(url).find()) {
            out.add(Rules.SOURCE_URL_SRT_MESSAGE);
        }
        if (url.matches("^(udp|rtp):.*") && !DATAGRAM.matcher(url).find()) {
            out.add(Rules.SOURCE_URL_DATAGRAM_MESSAGE);
        }
        Map<String, String> options = source.getOptions() == null ? Map.of() : source.getOptions();
        if (options.size() > SourceSpec.MAX_OPTIONS || !OPTION_KEYS.containsAll(options.keySet())) {
            out.add(Rules.SOURCE_OPTION_KEYS_MESSAGE);
        }
        if (options.entrySet().stream().anyMatch(e -> !valueAllowed(e.getKey(), e.getValue()))) {
            out.add(Rules.SOURCE_OPTION_VALUES_MESSAGE);
        }
        if ((options.containsKey("listen") && !url.startsWith("rtmp://"))
                || (options.containsKey("rtsp_flags") && !url.startsWith("rtsp"))) {
            out.add(Rules.SOURCE_OPTION_SCHEME_MESSAGE);
        }
        return out;
    }

    /** Whether {@code path} may be one of a WorkerPool's {@code spec.sources.filePaths}. */
    public static boolean isAllowedDirectory(String path) {
        return path != null
                && path.length() <= 256
                && !hasControl(path)
                && DIRECTORY.matcher(path).find();
    }

    /** Whether {@code value} is allowed for {@code key}; keys that are not options at all are left to the key rule. */
    public static boolean valueAllowed(String key, String value) {
        if (value == null || value.length() > SourceSpec.MAX_OPTION_VALUE_LENGTH || hasControl(value)) {
            return false;
        }
        for (Map.Entry<Set<String>, Pattern> e : NUMBERS.entrySet()) {
            if (e.getKey().contains(key)) {
                return e.getValue().matcher(value).find();
            }
        }
        for (Map.Entry<Set<String>, Set<String>> e : CHOICES.entrySet()) {
            if (e.getKey().contains(key)) {
                return e.getValue().contains(value);
            }
        }
        return true;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** The names of a CEL list literal body such as {@code "'a', 'b'"}. */
    static Set<String> names(String celList) {
        return Arrays.stream(celList.split(","))
                .map(String::strip)
                .map(s -> s.substring(1, s.length() - 1))
                .collect(Collectors.toUnmodifiableSet());
    }
}
