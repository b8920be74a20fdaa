package dev.vigil.worker.source;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps credentials out of anything Vigil prints, logs or writes into status: the user info of every URL, and the
 * value of every query parameter that is known to carry a credential ({@link #CREDENTIAL_PARAMETERS}, matched by
 * name, case-insensitively). Events and webhooks go further and drop whole URLs ({@code notify.SafeText}).
 */
public final class Redaction {

    /**
     * Query parameters whose value is a credential, as CDNs, clouds, streaming servers and OAuth put them in URLs.
     * Maintained: add a name when a service is found to carry a secret in another one.
     */
    public static final List<String> CREDENTIAL_PARAMETERS = List.of(
            // generic and OAuth
            "access_token",
            "accesstoken",
            "api_key",
            "apikey",
            "api-key",
            "auth",
            "auth_token",
            "authorization",
            "bearer",
            "client_secret",
            "code",
            "credential",
            "credentials",
            "id_token",
            "jwt",
            "key",
            "pass",
            "passphrase",
            "passwd",
            "password",
            "pwd",
            "refresh_token",
            "secret",
            "session",
            "sessionid",
            "session_token",
            "sig",
            "signature",
            "token",
            "hash",
            "hmac",
            "md5",
            // AWS (SigV4 presigned URLs) and CloudFront signed URLs
            "X-Amz-Signature",
            "X-Amz-Credential",
            "X-Amz-Security-Token",
            "Policy",
            "Key-Pair-Id",
            // Google Cloud Storage signed URLs
            "X-Goog-Signature",
            "X-Goog-Credential",
            "GoogleAccessId",
            // streaming: Akamai token auth, Wowza SecureToken, stream keys
            "hdnts",
            "hdnea",
            "__token__",
            "wmsAuthSign",
            "streamkey",
            "stream_key");

    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]*@");
    private static final Pattern SECRET_QUERY = Pattern.compile("(?i)([?&;](?:"
            + CREDENTIAL_PARAMETERS.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")=)[^&#\\s]*");

    private Redaction() {}

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = USER_INFO.matcher(text).replaceAll("$1***@");
        return SECRET_QUERY.matcher(s).replaceAll("$1***");
    }
}
