package dev.vigil.worker.source;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The FFmpeg protocol and demuxer options Vigil opens a source with: the user's extra options first, then
 * Vigil's own timeouts, which always win (a source option must never switch off the bounds on a read).
 */
final class FfmpegOptions {

    private FfmpegOptions() {
    }

    static Map<String, String> forSource(Protocol protocol, SourceOptions options) {
        Map<String, String> o = new LinkedHashMap<>(options.extraOptions());
        String readMicros = Long.toString(options.readTimeout().toNanos() / 1000);
        String openMicros = Long.toString(options.openTimeout().toNanos() / 1000);
        switch (protocol) {
            case FILE -> { }
            case RTMP -> o.put("rw_timeout", readMicros); // rtmp's own "timeout" means listen seconds
            case RTSP -> {
                o.put("timeout", readMicros);
                o.putIfAbsent("rtsp_transport", "tcp");
            }
            case SRT -> {
                o.put("timeout", readMicros);
                o.put("connect_timeout", Long.toString(options.openTimeout().toMillis()));
            }
            case UDP, RTP -> {
                o.put("timeout", readMicros);
                o.putIfAbsent("overrun_nonfatal", "1");
            }
            default -> {
                o.put("rw_timeout", readMicros);
                o.put("timeout", openMicros);
                o.put("reconnect", "0");
            }
        }
        if (protocol == Protocol.HLS) {
            // each segment is fetched on a connection of its own: a kept-alive connection would be reused behind
            // the tap's back (see SegmentTaps)
            o.put("http_persistent", "0");
            o.put("http_multiple", "0");
        }
        if (protocol.isAlwaysLive()) {
            // live: start quickly, do not wait seconds for probing
            o.putIfAbsent("analyzeduration", "2000000");
            o.putIfAbsent("probesize", "2000000");
            o.putIfAbsent("fflags", "nobuffer");
        }
        return o;
    }
}
