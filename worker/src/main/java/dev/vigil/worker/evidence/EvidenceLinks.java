package dev.vigil.worker.evidence;

import dev.vigil.worker.detect.Defect;

/** Looks up the evidence of a monitor's defects, for status and notifications. */
@FunctionalInterface
public interface EvidenceLinks {

    EvidenceLinks NONE = defect -> null;

    /** The evidence of this defect (matched by type, check and start), with links; null when none was taken. */
    EvidenceRef find(Defect defect);

    /** The evidence links of every monitor of a worker. */
    @FunctionalInterface
    interface Directory {

        Directory NONE = (namespace, name) -> EvidenceLinks.NONE;

        EvidenceLinks links(String namespace, String name);
    }
}
