package dev.vigil.worker.source;

import java.util.Map;

/**
 * Credentials for one source, from its Secret, kept apart from the URL and options a monitor's spec gives until
 * the very last step ({@link SourcePolicy#input}): so the policy checks exactly what the spec says, and the values
 * never travel in a URL that could be printed.
 *
 * @param userInfo the URL user info ({@code user:password}, already percent-encoded), or null
 * @param options  FFmpeg options that carry a credential (SRT's {@code passphrase})
 */
public record InputCredentials(String userInfo, Map<String, String> options) {

    public static final InputCredentials NONE = new InputCredentials(null, Map.of());

    public InputCredentials {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** {@code url} with this user info in place of any it has (unchanged without user info). */
    public String applyTo(String url) {
        if (userInfo == null) {
            return url;
        }
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        return url.substring(0, scheme + 3) + userInfo + "@" + SourcePolicy.withoutUserInfo(url).substring(scheme + 3);
    }

    /** Never prints the values. */
    @Override
    public String toString() {
        return "InputCredentials[userInfo=" + (userInfo == null ? "none" : "***") + ", options=" + options.keySet() + "]";
    }
}
