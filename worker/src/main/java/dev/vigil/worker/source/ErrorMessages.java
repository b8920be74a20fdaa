package dev.vigil.worker.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;

/** Turns FFmpeg error codes and error text ("... error -111: ...") into one readable line. */
final class ErrorMessages {

    private static final Pattern CODE = Pattern.compile("error (-?\\d+)");

    private ErrorMessages() {}

    /** FFmpeg's text for one of its (negative) error codes. */
    static String explain(int code) {
        String text = strerror(code);
        return text != null ? text : "error " + code;
    }

    static String explain(String raw) {
        String text = Redaction.redact(raw);
        Matcher m = CODE.matcher(text);
        if (m.find()) {
            int code = Integer.parseInt(m.group(1));
            String ffmpeg = strerror(code);
            if (ffmpeg != null) {
                return ffmpeg;
            }
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String strerror(int code) {
        byte[] buf = new byte[256];
        if (avutil.av_strerror(code, buf, buf.length) < 0) {
            return null;
        }
        int len = 0;
        while (len < buf.length && buf[len] != 0) {
            len++;
        }
        String s = new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8);
        return s.isBlank() ? null : lowerFirst(s);
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
