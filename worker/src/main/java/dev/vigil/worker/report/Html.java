package dev.vigil.worker.report;

import java.util.Locale;

/** Text made safe for HTML, and the number formats the HTML report uses. */
final class Html {

    private Html() {}

    static String esc(Object o) {
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Two decimals, locale-free. */
    static String n2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** One decimal, locale-free. */
    static String n1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A media time for people: {@code 12.04 s} under a minute, else {@code 1:02:03.5} / {@code 2:03.5}. */
    static String time(double sec) {
        if (!Double.isFinite(sec)) {
            return "–";
        }
        if (sec < 60) {
            return n2(sec) + " s";
        }
        long whole = (long) sec;
        double frac = sec - whole;
        long h = whole / 3600;
        long m = whole / 60 % 60;
        double s = whole % 60 + frac;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%04.1f", h, m, s)
                : String.format(Locale.ROOT, "%d:%04.1f", m, s);
    }

    /** An axis label: whole seconds, {@code m:ss} or {@code h:mm:ss}. */
    static String tick(double sec) {
        long t = Math.round(sec);
        if (t < 60) {
            return t + " s";
        }
        return t >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }
}
