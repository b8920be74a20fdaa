package dev.vigil.worker.detect.manifest;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.Observation;

/**
 * What the manifest says, for {@code status.stream.manifest} and the report: see
 * {@link dev.vigil.api.v1alpha1.status.ManifestInfo} for the fields.
 */
public record ManifestFacts(
        String format,
        double targetDurationSec,
        double windowSec,
        int segments,
        int renditions,
        String rendition,
        long mediaSequence,
        double ageSec)
        implements Observation {

    @Override
    public DetectorName detector() {
        return DetectorName.of(DefectType.MANIFEST);
    }

    /** Whether the two differ in something besides the moving figures (sequence, age). */
    boolean differsInShape(ManifestFacts o) {
        return o == null
                || !format.equals(o.format)
                || targetDurationSec != o.targetDurationSec
                || Math.abs(windowSec - o.windowSec) > targetDurationSec
                || renditions != o.renditions
                || !java.util.Objects.equals(rendition, o.rendition);
    }
}
