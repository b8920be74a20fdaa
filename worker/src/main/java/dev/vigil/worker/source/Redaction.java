package dev.vigil.worker.source;

import java.util.regex.Pattern;

/** Keeps credentials out of anything Vigil prints, logs or writes into status. */
public final class Redaction {

    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]*@");
    private static final Pattern SECRET_QUERY = Pattern.compile(
            "(?i)([?&;](?:passphrase|password|pass|pwd|token|key|secret|auth|signature|sig)=)[^&\\s]*");

    private Redaction() {
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = USER_INFO.matcher(text).replaceAll("$1***@");
        return SECRET_QUERY.matcher(s).replaceAll("$1***");
    }
}
