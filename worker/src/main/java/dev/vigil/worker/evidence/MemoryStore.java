package dev.vigil.worker.evidence;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evidence kept in memory, for a report that inlines its thumbnails when no evidence directory was asked for.
 * Holds at most {@code maxObjects}; later objects are refused (counted as lost).
 */
public final class MemoryStore implements EvidenceStore {

    private final int maxObjects;
    private final Map<String, byte[]> objects = new LinkedHashMap<>();

    public MemoryStore(int maxObjects) {
        this.maxObjects = maxObjects;
    }

    @Override
    public synchronized void put(String key, byte[] data, String contentType, Map<String, String> metadata)
            throws EvidenceException {
        if (!objects.containsKey(key) && objects.size() >= maxObjects) {
            throw new EvidenceException("in-memory evidence is full (" + maxObjects + " objects)");
        }
        objects.put(key, data.clone());
    }

    /** The object's bytes, or null. */
    public synchronized byte[] get(String key) {
        byte[] b = objects.get(key);
        return b == null ? null : b.clone();
    }

    @Override
    public String describe() {
        return "memory";
    }
}
