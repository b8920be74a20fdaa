package dev.vigil.worker.evidence;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Evidence as files under a directory: the key is the relative path. A file appears whole or not at all (written
 * beside, then moved). Metadata is not kept: the file name carries the defect's start and type.
 */
public final class DirectoryStore implements EvidenceStore {

    private final Path root;

    public DirectoryStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file of a key. */
    public Path file(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("key leaves the evidence directory: " + key);
        }
        return p;
    }

    @Override
    public void put(String key, byte[] data, String contentType, Map<String, String> metadata)
            throws EvidenceException {
        Path target = file(key);
        try {
            Files.createDirectories(target.getParent());
            // beside the target, with the permissions the umask gives (a temp file would be private to the owner)
            Path tmp = target.resolveSibling("." + target.getFileName() + ".partial");
            try {
                Files.write(tmp, data);
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new EvidenceException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
