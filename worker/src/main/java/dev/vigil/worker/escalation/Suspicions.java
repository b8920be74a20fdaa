package dev.vigil.worker.escalation;

import dev.vigil.worker.decode.DecodeErrors;
import dev.vigil.worker.detect.video.BlackDetector;
import dev.vigil.worker.detect.video.StillPictures;
import dev.vigil.worker.media.BlockingMeasure;
import dev.vigil.worker.media.LumaThumbnail;
import dev.vigil.worker.media.VideoFeatures;

/**
 * Cheap signals, on the decode thread, that a stream decoded in economy or keyframes may have a defect worth
 * measuring in full: what the decoder and demuxer flag, and a look at the thumbnail and blocking measure the
 * analysis made anyway. They only ask for full decoding; the detectors decide what is a defect, on the full
 * pictures that follow. Erring towards suspicion costs an escalation, bounded per worker.
 */
final class Suspicions {

    /** Damage the decoder reports (pictures merely missing are not damage). */
    private static final int DAMAGE = DecodeErrors.INVALID_BITSTREAM
            | DecodeErrors.MISSING_REFERENCE
            | DecodeErrors.CONCEALMENT
            | DecodeErrors.SLICES_LOST
            | DecodeErrors.CORRUPT_FRAME
            | DecodeErrors.CORRUPT_PACKET
            | DecodeErrors.REFUSED_PACKET;
    /** The freeze detector's default noise (thumbnail mean difference, 0..1 of the 8-bit range)... */
    static final double STILL = 0.001;
    /** ...and share of cells allowed to change between two still pictures. */
    static final double STILL_CELLS = 0.2;
    /**
     * Two key pictures of a still scene differ by the encoder's re-quantisation: about 0.001 with grain, while fresh
     * grain differs by 0.003 or more (a little above the freeze detector's own key-pair threshold, 0.002).
     */
    static final double STILL_KEY = 0.0025;
    /** A picture still for this long is a suspected freeze (the freeze detector raises after 2 s). */
    static final double STILL_SEC = 0.5;
    /**
     * Blocking score that hints at blocking in pictures decoded without the loop filter: it raises the score of clean
     * encodes too (1.2-1.5 measured, peaks of 2.4 on heavy grain), so the hint sits above the detector's own 2.0.
     */
    static final double BLOCKY_HINT = 2.5;
    /** The blockiness detector's default, for pictures decoded in full (while escalated). */
    static final double BLOCKY_FULL = 2.0;
    /** Consecutive blocky measurements before the hint (5 per second are taken). */
    static final int BLOCKY_RUN = 3;

    private final CodedSizeDrop sizes = new CodedSizeDrop();
    /** Key pictures only, judged as the freeze detector judges pictures. */
    private final StillPictures keyPairs = StillPictures.withDefaults();

    private LumaThumbnail previous;
    private boolean previousKey;
    private double stillSince = Double.NaN;
    private int blockyRun;

    /**
     * The demuxer's view of a video packet.
     *
     * @param qp the picture's QP from its slice header, or {@link dev.vigil.worker.decode.bitstream.PictureQuantiser#UNKNOWN}
     * @param watchSizes the pictures between key pictures are not decoded: judge them by their size
     */
    EscalationReason onPacket(boolean corrupt, int size, int qp, boolean key, boolean watchSizes) {
        if (corrupt) {
            return EscalationReason.TRANSPORT;
        }
        return watchSizes && sizes.onPacket(size, qp, key) ? EscalationReason.CODED_SIZE_DROP : null;
    }

    /** The strongest suspicion a picture raises, or null. */
    EscalationReason onPicture(VideoFeatures f) {
        VideoFeatures.DecodeFacts decode = f.decode();
        LumaThumbnail thumb = f.thumbnail();
        EscalationReason still = still(thumb, decode.key(), decode.full(), f.ptsSec());
        if ((decode.errors() & DAMAGE) != 0) {
            return EscalationReason.DECODE_ERRORS;
        }
        if (BlackDetector.isBlackByDefault(thumb)) {
            return EscalationReason.BLACK;
        }
        if (still != null) {
            return still;
        }
        return blocky(f.blocking(), decode.full());
    }

    /**
     * A key picture and its companion, a few pictures later, still as the freeze detector judges two pictures: the
     * picture stopped changing around the key picture. Under a freeze holding a single key picture nothing else
     * shows it: fresh grain or live graphics keep the coded sizes up, and the key pictures either side differ.
     */
    EscalationReason onCompanion(VideoFeatures key, VideoFeatures companion) {
        LumaThumbnail a = key.thumbnail();
        LumaThumbnail b = companion.thumbnail();
        if (a == null || b == null || a.cells().length != b.cells().length) {
            return null;
        }
        StillPictures pair = StillPictures.withDefaults();
        pair.still(a, true);
        return pair.still(b, true) ? EscalationReason.FREEZE : null;
    }

    private EscalationReason still(LumaThumbnail thumb, boolean key, boolean full, double t) {
        LumaThumbnail before = previous;
        boolean keys = key && previousKey;
        boolean stillKeys = key && keyPairs.still(thumb, !full);
        previous = thumb;
        previousKey = key;
        if (before == null || before.cells().length != thumb.cells().length) {
            stillSince = Double.NaN;
            return null;
        }
        boolean still = keys
                ? meanDifference(before, thumb) <= STILL_KEY || stillKeys
                : meanDifference(before, thumb) <= STILL && changedShare(before, thumb) <= STILL_CELLS;
        if (!still) {
            stillSince = Double.NaN;
            return null;
        }
        if (Double.isNaN(stillSince)) {
            // keyframes decoding: two key pictures a GOP apart are already a long still
            stillSince = keys ? t - STILL_SEC : t;
        }
        return t - stillSince >= STILL_SEC ? EscalationReason.FREEZE : null;
    }

    private EscalationReason blocky(BlockingMeasure m, boolean full) {
        if (m == null) {
            return null;
        }
        blockyRun = m.score() > (full ? BLOCKY_FULL : BLOCKY_HINT) ? blockyRun + 1 : 0;
        return blockyRun >= BLOCKY_RUN ? EscalationReason.BLOCKINESS : null;
    }

    static double meanDifference(LumaThumbnail a, LumaThumbnail b) {
        int[] x = a.cells();
        int[] y = b.cells();
        long sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs(x[i] - y[i]);
        }
        return x.length == 0 ? 0 : sum / (double) x.length / LumaThumbnail.SCALE / 255.0;
    }

    static double changedShare(LumaThumbnail a, LumaThumbnail b) {
        int[] x = a.cells();
        int[] y = b.cells();
        int changed = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i]) {
                changed++;
            }
        }
        return x.length == 0 ? 0 : changed / (double) x.length;
    }
}
