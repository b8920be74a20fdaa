package dev.vigil.worker.source;

/**
 * FFmpeg's {@code protocol_whitelist} for each kind of source: the protocols FFmpeg may open for it, the input
 * itself and every nested open (HLS and DASH playlists, segments and keys, RTMP's TCP or TLS connection, RTSP's RTP
 * streams), which inherit the list. So a playlist that points a segment at {@code file:}, {@code tcp:} or any other
 * protocol is refused by FFmpeg before it opens anything.
 */
public final class ProtocolWhitelist {

    private ProtocolWhitelist() {}

    /** The comma-separated list for {@code protocol}. */
    public static String of(Protocol protocol) {
        return switch (protocol) {
            case FILE -> "file";
            // a plain http URL may turn out to be a playlist (FFmpeg probes the content), so the same list as HLS;
            // crypto is HLS's AES-128 segment decryption, which wraps the http(s) segment connection
            case HTTP, HLS, DASH -> "http,https,tcp,tls,crypto";
            case RTMP -> "rtmp,rtmps,tcp,tls";
            case RTSP -> "rtsp,rtsps,rtp,udp,tcp,tls";
            case SRT -> "srt";
            case UDP -> "udp";
            case RTP -> "rtp,udp";
            case TCP -> "tcp";
        };
    }
}
