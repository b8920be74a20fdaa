package dev.vigil.worker.detect;

import dev.vigil.api.v1alpha1.DefectType;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns a per-sample condition ("this frame is frozen") into defect open/close events with hysteresis:
 * a defect opens once the condition has held for {@code raiseSec} and closes once it has been absent for
 * {@code clearSec}. The reported interval is when the condition really started and stopped, not when the
 * hold times ran out — the same convention as FFmpeg's freezedetect/blackdetect.
 *
 * <p>A gate fed sparse samples ({@link #sparseAfter}: pictures of economy or keyframes decoding, up to a GOP apart)
 * places an edge that falls in a longer gap between two samples half-way through it, the best guess of when the
 * condition really changed, and holds the raise time from there: a 2.5 s black seen on key pictures a second apart
 * is still a black of more than 2 s.
 */
public final class DefectGate {

    private final DetectorName type;
    private final DetectorSettings settings;
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
        this.type = type;
        this.settings = settings;
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
     * @param detail    measurements to attach; called only when a defect opens or closes
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
            if (open == null && t - conditionStart >= settings.raiseSec()) {
                open = new Defect(type, conditionStart, Double.NaN, settings.severity(), detail.get(), false);
                sink.opened(open);
            }
        } else if (open == null) {
            if (!Double.isNaN(conditionStart) && t - lastConditionSec > sparseSec) {
                // sparse samples: the condition may have lasted long enough, though no sample saw it for raiseSec
                double end = edge(lastConditionSec, t);
                if (end - conditionStart >= settings.raiseSec()) {
                    open = new Defect(type, conditionStart, Double.NaN, settings.severity(), detail.get(), false);
                    sink.opened(open);
                    conditionEnd = end;
                    if (t - conditionEnd >= settings.clearSec()) {
                        close(conditionEnd, detail.get(), false);
                    }
                    return;
                }
            }
            conditionStart = Double.NaN;
        } else {
            if (Double.isNaN(conditionEnd)) {
                conditionEnd = edge(lastConditionSec, t);
            }
            if (t - conditionEnd >= settings.clearSec()) {
                close(conditionEnd, detail.get(), false);
            }
        }
    }

    /** Media ended at {@code endSec}: a defect still open is reported as open at the end. */
    public void finish(double endSec, Supplier<Map<String, Object>> detail) {
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

    private void close(double endSec, Map<String, Object> detail, boolean openAtEnd) {
        Defect closed = open.closedAt(endSec, detail, openAtEnd);
        open = null;
        conditionStart = Double.NaN;
        conditionEnd = Double.NaN;
        sink.closed(closed);
    }
}
