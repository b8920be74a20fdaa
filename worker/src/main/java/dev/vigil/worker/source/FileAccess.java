package dev.vigil.worker.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which local files a cluster worker may read for a file source: regular files below one of the pool's
 * {@code spec.sources.filePaths}, checked on the path as written (before the file system is touched, so a refusal
 * tells nothing about files elsewhere) and again on the path with every link resolved (so a link inside an allowed
 * directory cannot lead out of it). Some places are never readable, whatever a pool allows: the kernel's and the
 * container runtime's (/proc, /sys, /dev), mounted Secrets and service account tokens, /etc.
 */
final class FileAccess {

    static final List<String> NEVER =
            List.of("/proc/", "/sys/", "/dev/", "/etc/", "/var/run/secrets/", "/run/secrets/");

    private FileAccess() {}

    /** The lexical check alone: {@code path} (absolute, no '.' segments: the URL rule saw to it) is below an allowed directory. */
    static void checkAllowed(String path, List<String> allowed) throws SourceRefusedException {
        if (allowed.isEmpty()) {
            throw new SourceRefusedException("file sources are not allowed in this pool: its WorkerPool lists no"
                    + " directories in spec.sources.filePaths");
        }
        if (!below(path, allowed)) {
            throw new SourceRefusedException("file " + path + " is not below the directories this pool allows"
                    + " (spec.sources.filePaths: " + String.join(", ", allowed) + ")");
        }
        if (below(path, NEVER)) {
            throw new SourceRefusedException(
                    "file " + path + " is in a directory Vigil never reads (" + String.join(", ", NEVER) + ")");
        }
    }

    /**
     * The file to open: {@code path} with every link resolved, still below an allowed directory (itself resolved,
     * in case the directory is a link), and a regular file (not a FIFO or device a read could block on forever).
     */
    static Path resolve(String path, List<String> allowed) throws SourceRefusedException {
        checkAllowed(path, allowed);
        Path real;
        try {
            real = Path.of(path).toRealPath();
        } catch (IOException | RuntimeException e) {
            throw new SourceRefusedException("file " + path + " does not exist or cannot be read");
        }
        List<String> roots = new ArrayList<>(allowed);
        for (String dir : allowed) {
            try {
                roots.add(Path.of(dir).toRealPath() + "/");
            } catch (IOException | RuntimeException e) {
                // a directory that does not exist allows nothing more than its own name
            }
        }
        if (!below(real.toString(), roots) || below(real.toString(), NEVER)) {
            throw new SourceRefusedException("file " + path + " leads out of the directories this pool allows");
        }
        if (!Files.isRegularFile(real)) {
            throw new SourceRefusedException("file " + path + " is not a regular file");
        }
        return real;
    }

    private static boolean below(String path, List<String> dirs) {
        return dirs.stream().anyMatch(path::startsWith);
    }
}
