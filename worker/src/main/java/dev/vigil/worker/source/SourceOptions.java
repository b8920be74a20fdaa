package dev.vigil.worker.source;

import java.time.Duration;
import java.util.Map;

/**
 * How to open a source.
 *
 * @param openTimeout  longest time to connect and probe the stream
 * @param readTimeout  longest time one read may wait for data before the source counts as dropped
 * @param extraOptions further FFmpeg demuxer/protocol options, passed as they are (e.g. HLS variant choice)
 */
public record SourceOptions(Duration openTimeout, Duration readTimeout, Map<String, String> extraOptions) {

    public static final SourceOptions DEFAULTS = new SourceOptions(Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of());

    public SourceOptions {
        extraOptions = Map.copyOf(extraOptions);
    }
}
