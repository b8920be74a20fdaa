package dev.vigil.worker.notify;

import dev.vigil.worker.source.Redaction;
import java.util.regex.Pattern;

/**
 * Makes session text fit to leave the worker in an Event or a webhook. Whole URLs go, not only their user info
 * and secret query parameters: a stream key often is a path segment ({@code rtmp://host/live/<key>}), and so is
 * the secret of many webhook URLs.
 */
public final class SafeText {

    static final int MAX_LENGTH = 256;
    private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://\\S+");

    private SafeText() {}

    public static String of(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = URL.matcher(Redaction.redact(text)).replaceAll("<url>").strip();
        int newline = s.indexOf('\n');
        if (newline >= 0) {
            s = s.substring(0, newline);
        }
        return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH - 1) + "…";
    }
}
