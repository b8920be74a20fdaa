package dev.vigil.worker.evidence;

import java.util.Locale;

/**
 * The evidence of one defect: the object keys of its thumbnail and clip (null when not taken), whether they are
 * stored yet, and links to them when the store gives links. Immutable; a capture's progress makes new ones.
 *
 * @param id           the keys' common stem, unique per defect ({@code <namespace>/<monitor>/<start>-<type>})
 * @param startSec     the defect's onset, session time
 * @param clipStartSec session time the clip starts at (its own time 0), NaN until it is made
 * @param clipEndSec   session time of the clip's last packet, NaN until it is made
 * @param reason       why it is lost, one line; null otherwise
 */
public record EvidenceRef(
        String id,
        double startSec,
        String thumbnail,
        String clip,
        State state,
        String reason,
        double clipStartSec,
        double clipEndSec,
        String thumbnailUrl,
        String clipUrl) {

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

    static EvidenceRef planned(String id, double startSec, String thumbnail, String clip) {
        return new EvidenceRef(id, startSec, thumbnail, clip, State.PENDING, null, Double.NaN, Double.NaN, null, null);
    }

    EvidenceRef stored(double clipStart, double clipEnd) {
        return new EvidenceRef(id, startSec, thumbnail, clip, State.STORED, null, clipStart, clipEnd, null, null);
    }

    /** Where the onset is in the clip, seconds from its start; NaN until the clip is made. */
    public double onsetInClipSec() {
        return startSec - clipStartSec;
    }

    /** Whether {@code key} is one of this evidence's objects as planned (the stem followed by an extension). */
    public boolean owns(String key) {
        return key != null && key.startsWith(id + ".");
    }

    /** Lost; the keys of objects that did get stored stay, the others go. */
    EvidenceRef lost(String why, boolean thumbnailStored, boolean clipStored, double clipStart, double clipEnd) {
        return new EvidenceRef(
                id,
                startSec,
                thumbnailStored ? thumbnail : null,
                clipStored ? clip : null,
                State.LOST,
                why,
                clipStart,
                clipEnd,
                null,
                null);
    }

    EvidenceRef withLinks(EvidenceStore store) {
        if (state == State.LOST && thumbnail == null && clip == null) {
            return this;
        }
        return new EvidenceRef(
                id,
                startSec,
                thumbnail,
                clip,
                state,
                reason,
                clipStartSec,
                clipEndSec,
                thumbnail == null ? null : store.link(thumbnail),
                clip == null ? null : store.link(clip));
    }
}
