package dev.vigil.worker.source;

import dev.vigil.api.v1alpha1.spec.SourceAccess;
import dev.vigil.api.v1alpha1.validation.SourceRules;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the sources of a pool's monitors may reach besides network streams: WorkerPool {@code spec.sources}, which
 * the operator hands the pool's workers as environment variables. Nothing by default.
 *
 * @param filePaths directories (absolute, ending in '/') below which file sources may be read
 * @param listen    whether a source may make the worker listen for its sender (srt mode=listener, rtmp listen,
 *                  rtsp_flags=listen)
 */
public record SourcePermissions(List<String> filePaths, boolean listen) {

    public static final String ENV_FILE_PATHS = SourceAccess.ENV_FILE_PATHS;
    public static final String ENV_LISTEN = SourceAccess.ENV_LISTEN;
    public static final SourcePermissions NONE = new SourcePermissions(List.of(), false);

    public SourcePermissions {
        filePaths = List.copyOf(filePaths);
        for (String p : filePaths) {
            if (!SourceRules.isAllowedDirectory(p)) {
                throw new IllegalArgumentException(
                        "file path '" + p + "' must be an absolute directory ending in '/'" + " without '.' segments");
            }
        }
    }

    /**
     * From {@value #ENV_FILE_PATHS} (comma-separated) and {@value #ENV_LISTEN} ({@code true}/{@code false}).
     *
     * @throws IllegalArgumentException naming the malformed value
     */
    public static SourcePermissions fromEnvironment(Map<String, String> env) {
        String paths = env.getOrDefault(ENV_FILE_PATHS, "");
        String listen = env.getOrDefault(ENV_LISTEN, "false").strip();
        if (!listen.equals("true") && !listen.equals("false")) {
            throw new IllegalArgumentException(ENV_LISTEN + " must be true or false, got '" + listen + "'");
        }
        return new SourcePermissions(
                Arrays.stream(paths.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                Boolean.parseBoolean(listen));
    }
}
