package dev.vigil.worker.detect.manifest;

import java.util.Map;

/** What the manifest detector tells its session besides defects. Called on the session's lane. */
public interface ManifestReports {

    /** An ad marker (cueOut, cueIn, dateRange, dashEvent) or another fact worth an event; not a defect. */
    void onEvent(double atSec, String kind, String message, Map<String, Object> detail);

    void onFacts(ManifestFacts facts);
}
