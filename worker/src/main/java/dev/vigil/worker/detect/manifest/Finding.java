package dev.vigil.worker.detect.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One check failing for one scope (a rendition, or {@code ladder} for checks across renditions) at one read.
 *
 * @param detail measurements for the defect's detail, small and JSON-friendly, in display order
 */
public record Finding(Check check, String scope, Map<String, Object> detail) {

    public static final String LADDER = "ladder";

    public Finding {
        detail = Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }
}
