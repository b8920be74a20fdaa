package dev.vigil.worker.evidence;

import java.util.Locale;

/**
 * The evidence of one defect: the object keys of its thumbnail and clip (null when not taken), whether they are
 * stored yet, and links to them when the store gives links. Immutable; a capture's progress makes new ones.
 *
 * @param id           the keys' common stem, unique per defect ({@code <namespace>/<monitor>/<start>-<type>})
 * @param clipStartSec session time the clip starts at (its own time 0), NaN until it is made
 * @param clipEndSec   session time of the clip's last packet, NaN until it is made
 * @param reason       why it is lost, one line; null otherwise
 */
public record EvidenceRef(String id, String thumbnail, String clip, State state, String reason, double clipStartSec,
                          double clipEndSec, String thumbnailUrl, String clipUrl) {

    /** Where a capture stands. */
    public enum State {
        /** Planned: waiting for the seconds after the onset, being encoded or uploaded. */
        PENDING,
        /** Every planned object is in the store. */
        STORED,
        /** Not (wholly) stored: dropped when capture fell behind, or the store failed. */
        LOST;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static EvidenceRef planned(String id, String thumbnail, String clip) {
        return new EvidenceRef(id, thumbnail, clip, State.PENDING, null, Double.NaN, Double.NaN, null, null);
    }

    EvidenceRef stored(double clipStart, double clipEnd) {
        return new EvidenceRef(id, thumbnail, clip, State.STORED, null, clipStart, clipEnd, null, null);
    }

    /** Lost; the keys of objects that did get stored stay, the others go. */
    EvidenceRef lost(String why, boolean thumbnailStored, boolean clipStored, double clipStart, double clipEnd) {
        return new EvidenceRef(id, thumbnailStored ? thumbnail : null, clipStored ? clip : null, State.LOST, why,
                clipStart, clipEnd, null, null);
    }

    EvidenceRef withLinks(EvidenceStore store) {
        if (state == State.LOST && thumbnail == null && clip == null) {
            return this;
        }
        return new EvidenceRef(id, thumbnail, clip, state, reason, clipStartSec, clipEndSec,
                thumbnail == null ? null : store.link(thumbnail), clip == null ? null : store.link(clip));
    }
}
