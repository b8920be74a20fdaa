package dev.vigil.worker.source;

import java.time.Duration;
import java.util.Map;

/**
 * How to open a source.
 *
 * @param openTimeout  longest time to connect and probe the stream
 * @param readTimeout  longest time one read may wait for data before the source counts as dropped
 * @param extraOptions further FFmpeg demuxer/protocol options (e.g. HLS variant choice); the policy decides which
 *                     are accepted, and the worker's own timeouts always win over them
 * @param policy       what the source may make FFmpeg open: {@link SourcePolicy#local()} for the command line,
 *                     {@link SourcePolicy#cluster} for a cluster worker's StreamMonitors
 * @param credentials  the source's credentials from its Secret, added after the policy's check
 */
public record SourceOptions(
        Duration openTimeout,
        Duration readTimeout,
        Map<String, String> extraOptions,
        SourcePolicy policy,
        InputCredentials credentials) {

    public static final SourceOptions DEFAULTS =
            new SourceOptions(Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of());

    public SourceOptions {
        extraOptions = Map.copyOf(extraOptions);
        policy = policy == null ? SourcePolicy.local() : policy;
        credentials = credentials == null ? InputCredentials.NONE : credentials;
    }

    /** The command line's policy, no credentials. */
    public SourceOptions(Duration openTimeout, Duration readTimeout, Map<String, String> extraOptions) {
        this(openTimeout, readTimeout, extraOptions, SourcePolicy.local(), InputCredentials.NONE);
    }

    /** No credentials. */
    public SourceOptions(
            Duration openTimeout, Duration readTimeout, Map<String, String> extraOptions, SourcePolicy policy) {
        this(openTimeout, readTimeout, extraOptions, policy, InputCredentials.NONE);
    }

    /** Never prints option values (an SRT passphrase travels among them). */
    @Override
    public String toString() {
        return "SourceOptions[openTimeout=" + openTimeout + ", readTimeout=" + readTimeout + ", extraOptions="
                + extraOptions.keySet() + ", policy=" + policy + ", credentials=" + credentials + "]";
    }
}
