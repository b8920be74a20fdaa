package dev.vigil.worker.escalation;

import dev.vigil.api.v1alpha1.StreamUnits;
import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.media.VideoFeatures;

/**
 * One stream's decoding over time: its own profile while healthy, full decoding for a while when a cheap signal
 * ({@link Suspicions}) says something may be wrong, so that a defect's interval and detail are measured on every
 * picture, at full fidelity. An escalation lasts while the signal goes on and {@code holdSec} after it, at most
 * {@code maxSec}; then the stream waits {@code cooldownSec} before it may escalate again (a stream that stays black
 * for hours is watched in its own profile, where black, freeze and stall are still found). Each escalation takes
 * its cost from the worker's {@link EscalationBudget}, which may refuse it.
 *
 * <p>Decode thread, except {@link #useProfile}, which any thread may call: the change is taken up at the next
 * packet.
 */
public final class Escalation {

    /** @param holdSec after the last signal; @param maxSec longest escalation; @param cooldownSec before the next */
    public record Settings(double holdSec, double maxSec, double cooldownSec) {
        public static final Settings DEFAULTS = new Settings(5, 60, 30);
    }

    /** A refused escalation is tried again at most this often. */
    private static final double RETRY_SEC = 1;

    private volatile boolean requestedEnabled;
    private boolean enabled;
    private final EscalationBudget budget;
    private final Settings settings;
    private final Suspicions suspicions = new Suspicions();
    private volatile DecodeProfile requested;
    private DecodeProfile profile;
    private double streamUnits = StreamUnits.UNKNOWN;

    private EscalationReason reason;
    private double grantedUnits;
    private double startedSec;
    private double untilSec;
    private double quietUntilSec = Double.NEGATIVE_INFINITY;
    private double retryAtSec = Double.NEGATIVE_INFINITY;
    private long escalations;
    private long refused;
    private boolean changed = true;
    private boolean sparseKeys;

    public Escalation(DecodeProfile profile, boolean enabled, EscalationBudget budget, Settings settings) {
        this.requested = profile;
        this.profile = profile;
        this.requestedEnabled = enabled;
        this.enabled = enabled;
        this.budget = budget;
        this.settings = settings;
    }

    /** Full decoding, never escalating: what a session without economy does. */
    public static Escalation full() {
        return new Escalation(DecodeProfile.FULL, false, EscalationBudget.unlimited(), Settings.DEFAULTS);
    }

    /** Any thread: decode in this profile, escalating or not, from the next packet on (the pool's changed). */
    public void useProfile(DecodeProfile p, boolean escalate) {
        requestedEnabled = escalate;
        requested = p;
    }

    /** The stream's full-decoding cost, once its format is known. */
    public void streamUnits(double units) {
        streamUnits = units;
    }

    /** What to decode now. */
    public DecodeProfile wanted() {
        return reason != null ? DecodeProfile.FULL : profile;
    }

    /** The decoder found the stream's key pictures too far apart for keyframes: it decodes economy instead. */
    public void sparseKeys(boolean sparse) {
        if (sparse != sparseKeys) {
            sparseKeys = sparse;
            changed = true;
        }
    }

    /**
     * Whether packets are judged by their size and QP: the stream's own profile is keyframes (read the QP,
     * {@link dev.vigil.worker.decode.bitstream.PictureQuantiser}, only then).
     */
    public boolean watchesSizes() {
        return requestedEnabled && requested == DecodeProfile.KEYFRAMES;
    }

    /**
     * Before a video packet of {@code size} bytes, coded at quantiser {@code qp} (or
     * {@link dev.vigil.worker.decode.bitstream.PictureQuantiser#UNKNOWN}), goes to the decoder, at session time
     * {@code t}.
     */
    public void onVideoPacket(boolean corrupt, int size, int qp, boolean key, double t) {
        DecodeProfile p = requested;
        boolean e = requestedEnabled;
        if (p != profile || e != enabled) {
            profile = p;
            enabled = e;
            changed = true;
            if (!watching()) {
                end(t, false);
            }
        }
        if (watching()) {
            signal(suspicions.onPacket(corrupt, size, qp, key, profile == DecodeProfile.KEYFRAMES), t);
        }
        expire(t);
    }

    /** After a picture was analysed. */
    public void onPicture(VideoFeatures features) {
        if (!watching()) {
            return;
        }
        double t = features.ptsSec();
        signal(suspicions.onPicture(features), t);
        expire(t);
    }

    /**
     * After the companion of a key picture (keyframes decoding: the picture after an IDR picture, decoded only to be
     * compared with it) was analysed.
     */
    public void onCompanion(VideoFeatures key, VideoFeatures companion) {
        if (!watching()) {
            return;
        }
        signal(suspicions.onCompanion(key, companion), key.ptsSec());
    }

    /** Whether a companion is as still as its key picture, judged as {@link #onCompanion} judges it; nothing more. */
    public boolean companionStill(VideoFeatures key, VideoFeatures companion) {
        return suspicions.onCompanion(key, companion) != null;
    }

    /** Whether something changed since the last call (for status and reports). */
    public boolean takeChanged() {
        boolean c = changed;
        changed = false;
        return c;
    }

    public DecodeState state() {
        boolean sparse = sparseKeys && profile == DecodeProfile.KEYFRAMES;
        DecodeProfile current = reason == null && sparse ? DecodeProfile.ECONOMY : wanted();
        return new DecodeState(profile, current, reason, escalations, refused, sparse);
    }

    /** The session ended: give back what an escalation still holds. */
    public void close() {
        if (reason != null) {
            budget.release(grantedUnits);
            reason = null;
        }
    }

    private boolean watching() {
        return enabled && profile != DecodeProfile.FULL;
    }

    private void signal(EscalationReason why, double t) {
        if (why == null || Double.isNaN(t)) {
            return;
        }
        if (reason != null) {
            if (t - startedSec < settings.maxSec()) {
                untilSec = Math.max(untilSec, t + settings.holdSec());
                if (why != reason) {
                    reason = why; // status names what is measured now
                    changed = true;
                }
            }
            return;
        }
        if (t < quietUntilSec || t < retryAtSec) {
            return;
        }
        double extra = streamUnits * (1 - StreamUnits.share(profile.api()));
        if (!budget.tryAcquire(extra, why)) {
            refused++;
            retryAtSec = t + RETRY_SEC;
            changed = true;
            return;
        }
        reason = why;
        grantedUnits = extra;
        startedSec = t;
        untilSec = t + settings.holdSec();
        escalations++;
        changed = true;
    }

    private void expire(double t) {
        if (reason == null || Double.isNaN(t)) {
            return;
        }
        if (t >= untilSec || t - startedSec >= settings.maxSec()) {
            end(t, t - startedSec >= settings.maxSec());
        }
    }

    private void end(double t, boolean capped) {
        if (reason == null) {
            return;
        }
        budget.release(grantedUnits);
        reason = null;
        grantedUnits = 0;
        quietUntilSec = capped ? t + settings.cooldownSec() : Double.NEGATIVE_INFINITY;
        changed = true;
    }
}
