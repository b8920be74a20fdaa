package dev.vigil.worker.source;

import java.util.Map;

/**
 * What FFmpeg is handed for one open: the URL as FFmpeg must read it and every option (the protocol whitelist and
 * the worker's timeouts among them). {@link SourcePolicy#input} makes it; nothing else should.
 */
public record FfmpegInput(String url, Map<String, String> options) {

    public FfmpegInput {
        options = Map.copyOf(options);
    }

    /** Never prints option values (an SRT passphrase travels among them). */
    @Override
    public String toString() {
        return "FfmpegInput[options=" + options.keySet() + "]";
    }
}
