package dev.vigil.worker.evidence;

import java.util.Map;

/**
 * Where thumbnails and clips go: a local directory ({@link DirectoryStore}, the command line's) or S3-compatible
 * object storage ({@link S3Store}, a cluster pool's). Called from the capture threads only, never from a decode
 * thread; an implementation bounds every call with timeouts of its own.
 */
public interface EvidenceStore extends AutoCloseable {

    /**
     * Stores one object, replacing any of that key.
     *
     * @param metadata small ASCII key/value pairs kept with the object (S3 user metadata)
     * @throws EvidenceException with a one-line reason free of credentials when it could not be stored
     */
    void put(String key, byte[] data, String contentType, Map<String, String> metadata) throws EvidenceException;

    /**
     * Where people can fetch the object: a presigned or public URL when the store is configured to give one, else
     * null (the key is all there is). Never contains credentials.
     */
    default String link(String key) {
        return null;
    }

    /** For logs and reports: {@code s3://bucket}, a directory path ... */
    String describe();

    @Override
    default void close() {}
}
