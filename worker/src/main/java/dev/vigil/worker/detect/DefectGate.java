package dev.vigil.worker.detect;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns a per-sample condition ("this frame is frozen") into defect open/close events with hysteresis:
 * a defect opens once the condition has held for {@code raiseSec} and closes once it has been absent for
 * {@code clearSec}. The reported interval is when the condition really started and stopped, not when the
 * hold times ran out — the same convention as FFmpeg's freezedetect/blackdetect.
 *
 * <p>A condition holds from its first sample up to the first sample without it, so the last sample's own
 * duration counts: a black picture of 50 frames at 25 fps lasts 2.00 s and passes a 2 s raise time, found when
 * the 51st frame arrives.
 *
 * <p>With a <em>minor stage</em> ({@code minorSec} below {@code raiseSec}, for a detector whose severity is above
 * minor) a condition that holds for {@code minorSec} already opens a {@link Severity#MINOR} defect; once it has
 * held for {@code raiseSec} the defect is escalated to the detector's severity ({@link DefectSink#escalated}).
 * A short event is then reported as minor, a long one as what it is, and the interval is the same either way.
 *
 * <p>A gate fed sparse samples ({@link #sparseAfter}: pictures of economy or keyframes decoding, up to a GOP apart)
 * places an edge that falls in a longer gap between two samples half-way through it, the best guess of when the
 * condition really changed, and holds the raise time from there: a 2.5 s black seen on key pictures a second apart
 * is still a black of more than 2 s.
 */
public final class DefectGate {

    /** Timestamps are rounded to microseconds by the clock; hold times compare with this slack. */
    private static final double EPSILON = 1e-6;

    private final DetectorName type;
    private final DetectorSettings settings;
    private final double minorSec;
    private final DefectSink sink;

    private double conditionStart = Double.NaN;
    private double conditionEnd = Double.NaN;
    private Defect open;
    private double sparseSec = Double.POSITIVE_INFINITY;
    private double lastSampleSec = Double.NaN;
    private double lastConditionSec = Double.NaN;

    public DefectGate(DefectType type, DetectorSettings settings, DefectSink sink) {
        this(DetectorName.of(type), settings, sink);
    }

    public DefectGate(DetectorName type, DetectorSettings settings, DefectSink sink) {
        this(type, settings, Double.NaN, sink);
    }

    /**
     * @param minorSec hold time of the minor stage; NaN, or not below {@code raiseSec}, or a detector severity of
     *                 minor: no minor stage
     */
    public DefectGate(DefectType type, DetectorSettings settings, double minorSec, DefectSink sink) {
        this(DetectorName.of(type), settings, minorSec, sink);
    }

    private DefectGate(DetectorName type, DetectorSettings settings, double minorSec, DefectSink sink) {
        this.type = type;
        this.settings = settings;
        boolean staged = minorSec >= 0
                && minorSec < settings.raiseSec()
                && settings.severity().compareTo(Severity.MINOR) > 0;
        this.minorSec = staged ? minorSec : Double.NaN;
        this.sink = sink;
    }

    /** Edges in gaps between samples longer than {@code seconds} are placed half-way through the gap. */
    public DefectGate sparseAfter(double seconds) {
        sparseSec = seconds;
        return this;
    }

    /**
     * @param t         media time of the sample, seconds
     * @param condition whether the sample shows the defect
     * @param detail    measurements to attach; called only when a defect opens, escalates or closes
     */
    public void update(double t, boolean condition, Supplier<Map<String, Object>> detail) {
        double before = lastSampleSec;
        lastSampleSec = t;
        if (condition) {
            if (Double.isNaN(conditionStart)) {
                conditionStart = edge(before, t);
            }
            conditionEnd = Double.NaN;
            lastConditionSec = t;
            held(t - conditionStart, detail);
            return;
        }
        if (!Double.isNaN(conditionStart) && Double.isNaN(conditionEnd)) {
            // the condition ended with this sample: it held up to here (the last sample's duration included), or
            // up to the middle of a sparse gap
            held(edge(lastConditionSec, t) - conditionStart, detail);
        }
        if (open == null) {
            conditionStart = Double.NaN;
            return;
        }
        if (Double.isNaN(conditionEnd)) {
            conditionEnd = edge(lastConditionSec, t);
        }
        if (t - conditionEnd >= settings.clearSec()) {
            close(conditionEnd, detail.get(), false);
        }
    }

    /** Media ended at {@code endSec}: a defect still open is reported as open at the end. */
    public void finish(double endSec, Supplier<Map<String, Object>> detail) {
        if (!Double.isNaN(conditionStart) && Double.isNaN(conditionEnd) && endSec >= conditionStart) {
            held(endSec - conditionStart, detail);
        }
        if (open != null) {
            boolean stillActive = Double.isNaN(conditionEnd);
            close(stillActive ? Math.max(endSec, open.startSec()) : conditionEnd, detail.get(), stillActive);
        }
        conditionStart = Double.NaN;
    }

    private double edge(double before, double t) {
        return !Double.isNaN(before) && t - before > sparseSec ? (before + t) / 2 : t;
    }

    public boolean isOpen() {
        return open != null;
    }

    /** The condition has held for {@code heldSec} so far: open or escalate as the hold times say. */
    private void held(double heldSec, Supplier<Map<String, Object>> detail) {
        boolean raised = heldSec >= settings.raiseSec() - EPSILON;
        if (open == null) {
            if (raised) {
                open = new Defect(type, conditionStart, Double.NaN, settings.severity(), detail.get(), false);
                sink.opened(open);
            } else if (heldSec >= minorSec - EPSILON) { // false while minorSec is NaN
                open = new Defect(type, conditionStart, Double.NaN, Severity.MINOR, detail.get(), false);
                sink.opened(open);
            }
        } else if (raised && open.severity() != settings.severity()) {
            open = open.withSeverity(settings.severity(), detail.get());
            sink.escalated(open);
        }
    }

    private void close(double endSec, Map<String, Object> detail, boolean openAtEnd) {
        Defect closed = open.closedAt(endSec, detail, openAtEnd);
        open = null;
        conditionStart = Double.NaN;
        conditionEnd = Double.NaN;
        sink.closed(closed);
    }
}
