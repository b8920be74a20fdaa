package dev.vigil.worker.source;

import java.net.URI;
import java.util.Locale;

/** The input protocols Vigil accepts, recognised from the source URL. */
public enum Protocol {
    FILE(false),
    HTTP(true),
    HLS(true),
    DASH(true),
    RTMP(true),
    RTSP(true),
    SRT(true),
    UDP(true),
    RTP(true),
    TCP(true);

    private final boolean network;

    Protocol(boolean network) {
        this.network = network;
    }

    public boolean isNetwork() {
        return network;
    }

    /** Protocols that are live by nature: they have no end, and a drop is followed by reconnects. */
    public boolean isAlwaysLive() {
        return this == RTMP || this == RTSP || this == SRT || this == UDP || this == RTP || this == TCP;
    }

    /**
     * Protocols whose bytes Vigil reads itself on their way to the demuxer (see {@code TappedInput}); the
     * others are opened by their demuxers (HLS, DASH, RTMP, RTSP).
     */
    public boolean isByteStream() {
        return this == FILE || this == HTTP || this == UDP || this == RTP || this == SRT || this == TCP;
    }

    /**
     * The URL as FFmpeg opens it, from the one the source policy made ({@link SourcePolicy#input}): RTP as the UDP
     * it arrives on (Vigil removes the RTP headers itself); the others as they are.
     */
    public String ffmpegUrl(String policyUrl) {
        return this == RTP ? "udp" + policyUrl.substring(policyUrl.indexOf("://")) : policyUrl;
    }

    /**
     * @throws IllegalArgumentException with a readable reason for unsupported schemes
     */
    public static Protocol of(String url) {
        int colon = url.indexOf("://");
        if (colon < 0) {
            return FILE; // a plain path
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        String path = pathOf(url).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "file" -> FILE;
            case "http", "https" -> path.endsWith(".m3u8") ? HLS : path.endsWith(".mpd") ? DASH : HTTP;
            case "rtmp", "rtmps" -> RTMP;
            case "rtsp", "rtsps" -> RTSP;
            case "srt" -> SRT;
            case "udp" -> UDP;
            case "rtp" -> RTP;
            case "tcp" -> TCP;
            default ->
                throw new IllegalArgumentException("unsupported source scheme '" + scheme
                        + "' (supported: file, http, https, rtmp, rtmps, rtsp, rtsps, srt, udp, rtp, tcp)");
        };
    }

    private static String pathOf(String url) {
        try {
            String p = URI.create(url).getPath();
            return p == null ? "" : p;
        } catch (IllegalArgumentException e) {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q);
        }
    }
}
