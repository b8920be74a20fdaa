package dev.vigil.worker.source;

import java.util.HashMap;
import java.util.Map;

/**
 * The FFmpeg options of one open, in three layers, later ones winning: the worker's defaults for the protocol,
 * then the source's own options, then what the worker always sets itself (its timeouts, no FFmpeg-level
 * reconnect, the protocol whitelist). So no source option can switch off a timeout or widen the protocols.
 */
final class InputOptions {

    private InputOptions() {}

    /**
     * @param user      the source's options (already allowed by the policy)
     * @param whitelist the protocol whitelist, or null to leave FFmpeg's default (local files of the command line)
     * @param listening the source makes FFmpeg wait for its sender (bounded by the open timeout)
     */
    static Map<String, String> build(
            Protocol protocol, SourceOptions timeouts, Map<String, String> user, String whitelist, boolean listening) {
        Map<String, String> o = new HashMap<>();
        if (protocol.isAlwaysLive()) {
            // live: start quickly, do not wait seconds for probing
            o.put("analyzeduration", "2000000");
            o.put("probesize", "2000000");
            o.put("fflags", "nobuffer");
        }
        if (protocol == Protocol.RTSP) {
            o.put("rtsp_transport", "tcp");
        }
        if (protocol == Protocol.UDP || protocol == Protocol.RTP) {
            o.put("overrun_nonfatal", "1"); // a burst that overruns the receive FIFO is loss to report, not the end
        }
        o.putAll(user);
        o.putAll(forced(protocol, timeouts, listening));
        if (whitelist != null) {
            o.put("protocol_whitelist", whitelist);
        }
        return o;
    }

    /** The worker's own timeouts per protocol (each protocol names them differently). */
    static Map<String, String> forced(Protocol protocol, SourceOptions timeouts, boolean listening) {
        Map<String, String> o = new HashMap<>();
        String readMicros = Long.toString(timeouts.readTimeout().toNanos() / 1000);
        String openMicros = Long.toString(timeouts.openTimeout().toNanos() / 1000);
        String openSeconds = Long.toString(Math.max(1, timeouts.openTimeout().toSeconds()));
        switch (protocol) {
            // a file read never waits for a peer; the interrupt callback bounds what a slow disk could hold up
            case FILE -> o.put("rw_timeout", readMicros);
            case RTMP -> {
                o.put("rw_timeout", readMicros);
                if (listening) {
                    o.put(
                            "timeout",
                            openSeconds); // rtmp's "timeout" waits for a sender, and any value > 0 implies listen
                }
            }
            case RTSP -> {
                o.put("timeout", readMicros);
                if (listening) {
                    o.put("listen_timeout", openSeconds); // set only when listening: any value > 0 implies listen
                }
            }
            case SRT -> {
                o.put("timeout", readMicros);
                o.put("connect_timeout", Long.toString(timeouts.openTimeout().toMillis()));
                o.put("listen_timeout", openMicros);
            }
            case UDP, RTP -> o.put("timeout", readMicros);
            case HTTP, HLS, DASH, TCP -> {
                o.put("rw_timeout", readMicros);
                o.put("timeout", openMicros);
                o.put("reconnect", "0");
            }
        }
        if (protocol == Protocol.HLS) {
            // each segment on a connection of its own: a kept-alive connection would be reused behind the tap's
            // back (see NestedOpens)
            o.put("http_persistent", "0");
            o.put("http_multiple", "0");
        }
        return o;
    }
}
