package dev.vigil.worker.source;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Credentials for one source, from its Secret, kept apart from the URL and options a monitor's spec gives until
 * the very last step ({@link SourcePolicy#input}): so the policy checks exactly what the spec says, and the values
 * never travel in a URL that could be printed.
 *
 * @param userInfo the URL user info ({@code user:password}, already percent-encoded), or null
 * @param options  FFmpeg options that carry a credential (SRT's {@code passphrase})
 * @param origin   the only origin ({@code scheme://host:port}) the user info may be sent to: the source's own. A
 *                 URL the source leads to elsewhere (an HLS rendition on another host) gets none
 */
public record InputCredentials(String userInfo, Map<String, String> options, String origin) {

    public static final InputCredentials NONE = new InputCredentials(null, Map.of(), null);

    public InputCredentials {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** Credentials for the source at {@code sourceUrl}: the user info goes to that URL's origin only. */
    public static InputCredentials forSource(String sourceUrl, String userInfo, Map<String, String> options) {
        return new InputCredentials(userInfo, options, originOf(sourceUrl));
    }

    /** {@code url} with this user info in place of any it has, if it is on the source's origin; else unchanged. */
    public String applyTo(String url) {
        if (userInfo == null || origin == null || !origin.equals(originOf(url))) {
            return url;
        }
        int scheme = url.indexOf("://");
        return url.substring(0, scheme + 3) + userInfo + "@"
                + SourcePolicy.withoutUserInfo(url).substring(scheme + 3);
    }

    /** {@code scheme://host:port} of a URL (its user info left out), or null when it has none. */
    static String originOf(String url) {
        try {
            URI u = URI.create(SourcePolicy.withoutUserInfo(url));
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort() >= 0
                    ? u.getPort()
                    : switch (scheme) {
                        case "http" -> 80;
                        case "https" -> 443;
                        case "rtmp" -> 1935;
                        case "rtsp" -> 554;
                        default -> -1;
                    };
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Never prints the values. */
    @Override
    public String toString() {
        return "InputCredentials[userInfo=" + (userInfo == null ? "none" : "***") + ", options=" + options.keySet()
                + "]";
    }
}
