package dev.vigil.worker.source;

import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.validation.SourceRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a source may make FFmpeg open, and how: the one place that turns a source URL and its options into what
 * FFmpeg gets ({@link #input}).
 *
 * <p>{@link #local()} is the command line's ({@code vigil analyze}): the user's own machine, so local files of any
 * kind and any option, but still the worker's timeouts over the user's and a protocol whitelist for network
 * sources. {@link #cluster} is a worker's, for StreamMonitors, whose author is not trusted: the URL must have the
 * shape of its scheme and the options must be on the allowlist (the same rules as the CRD's CEL,
 * {@link SourceRules}), file sources only below the pool's directories, listening sources only where the pool
 * allows them, and every open restricted to the protocols its scheme needs.
 */
public record SourcePolicy(boolean cluster, SourcePermissions permissions) {

    private static final SourcePolicy LOCAL = new SourcePolicy(false, SourcePermissions.NONE);

    public SourcePolicy {
        permissions = permissions == null ? SourcePermissions.NONE : permissions;
    }

    public static SourcePolicy local() {
        return LOCAL;
    }

    public static SourcePolicy cluster(SourcePermissions permissions) {
        return new SourcePolicy(true, permissions);
    }

    /**
     * A monitor's source as its spec says it, checked before anything else happens (no Secret read, nothing
     * opened). The command line's policy accepts every supported scheme.
     *
     * @throws SourceRefusedException naming the rule the source breaks
     */
    public void check(String url, Map<String, String> options) throws SourceRefusedException {
        Protocol protocol = protocol(url);
        if (!cluster) {
            return;
        }
        SourceSpec spec = new SourceSpec(url);
        spec.setOptions(options == null || options.isEmpty() ? null : options);
        List<String> problems = SourceRules.problems(spec);
        if (!problems.isEmpty()) {
            throw new SourceRefusedException(String.join("; ", problems));
        }
        if (protocol == Protocol.TCP) {
            throw new SourceRefusedException("raw tcp sources are not accepted in a cluster");
        }
        if (listens(protocol, url, options == null ? Map.of() : options) && !permissions.listen()) {
            throw new SourceRefusedException("this source would make the worker listen for its sender (srt"
                    + " mode=listener, rtmp listen, rtsp_flags=listen), which this pool does not allow: its WorkerPool"
                    + " needs spec.sources.listen: true");
        }
        if (protocol == Protocol.FILE) {
            FileAccess.checkAllowed(url.substring("file://".length()), permissions.filePaths());
        }
    }

    /**
     * What FFmpeg gets for one open of {@code url} with {@code options}: the URL and options checked again exactly
     * as the spec gives them, then the URL as FFmpeg must read it (a file source as {@code file:} and the file's
     * real path, so that no other protocol can hide behind it; the credentials' user info put in) and the options
     * in their layers (defaults, the source's, its credentials, then the worker's timeouts and the protocol
     * whitelist).
     *
     * @throws SourceRefusedException when the policy refuses the source, or a file source resolves out of its
     *                                directories or is not a regular file
     */
    public FfmpegInput input(String url, SourceOptions options) throws SourceRefusedException {
        Protocol protocol = protocol(url);
        Map<String, String> user = new LinkedHashMap<>(options.extraOptions());
        String ffmpegUrl;
        String whitelist;
        if (cluster) {
            check(url, user);
            ffmpegUrl = protocol == Protocol.FILE
                    ? "file:" + FileAccess.resolve(url.substring("file://".length()), permissions.filePaths())
                    : url;
            whitelist = ProtocolWhitelist.of(protocol);
        } else {
            // the command line's own files, any path; always through the file protocol, so that a path can never
            // name another protocol (concat:, pipe:, ...)
            ffmpegUrl = protocol == Protocol.FILE
                    ? "file:" + (url.startsWith("file://") ? url.substring("file://".length()) : url)
                    : url;
            whitelist = protocol == Protocol.FILE ? null : ProtocolWhitelist.of(protocol);
        }
        boolean listening = listens(protocol, url, user);
        user.putAll(options.credentials().options());
        return new FfmpegInput(
                options.credentials().applyTo(ffmpegUrl),
                InputOptions.build(protocol, options, user, whitelist, listening));
    }

    /**
     * For an {@code io_open} hook on the input's AVFormatContext, which sees every URL a demuxer opens (HLS and DASH
     * playlists, variants, segments, keys): whether a source of kind {@code protocol}, opened as {@code inputUrl},
     * may open {@code nestedUrl}. Below an http(s) source only http(s) URLs, also wrapped in {@code crypto} (HLS
     * AES-128 segments); below any other source only the input itself. The protocol whitelist cannot say this: it
     * must hold tcp and tls for http itself, and so lets a playlist name {@code tcp://} directly.
     */
    public static boolean allowsNestedOpen(Protocol protocol, String inputUrl, String nestedUrl) {
        if (nestedUrl == null) {
            return false;
        }
        if (nestedUrl.equals(inputUrl)) {
            return true;
        }
        if (protocol != Protocol.HTTP && protocol != Protocol.HLS && protocol != Protocol.DASH) {
            return false;
        }
        String url = nestedUrl.toLowerCase(java.util.Locale.ROOT);
        if (url.startsWith("crypto+") || url.startsWith("crypto:")) {
            url = url.substring("crypto+".length());
        }
        return url.startsWith("http://") || url.startsWith("https://");
    }

    /** Whether the source makes FFmpeg wait for its sender to connect instead of connecting itself. */
    static boolean listens(Protocol protocol, String url, Map<String, String> options) {
        return switch (protocol) {
            case SRT -> query(url).contains("mode=listener");
            case RTMP -> "1".equals(options.get("listen")) || "1".equals(options.get("rtmp_listen"));
            case RTSP -> "listen".equals(options.get("rtsp_flags"));
            case TCP, HTTP, HLS, DASH -> "1".equals(options.get("listen"));
            default -> false;
        };
    }

    private static Protocol protocol(String url) throws SourceRefusedException {
        try {
            return Protocol.of(url);
        } catch (IllegalArgumentException e) {
            throw new SourceRefusedException(e.getMessage());
        }
    }

    private static String query(String url) {
        int q = url.indexOf('?');
        return q < 0 ? "" : url.substring(q + 1);
    }

    /** The URL without user info (credentials from the source's Secret are put there after the spec's check). */
    static String withoutUserInfo(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int start = scheme + 3;
        int end = url.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = url.indexOf(c, start);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        return at >= start ? url.substring(0, start) + url.substring(at + 1) : url;
    }

    /** Never prints more than the mode and the directories (no values of any source). */
    @Override
    public String toString() {
        return "SourcePolicy[" + (cluster ? "cluster, " + permissions : "local") + "]";
    }
}
