package dev.vigil.worker.detect;

import dev.vigil.api.v1alpha1.DefectType;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns a per-sample condition ("this frame is frozen") into defect open/close events with hysteresis:
 * a defect opens once the condition has held for {@code raiseSec} and closes once it has been absent for
 * {@code clearSec}. The reported interval is when the condition really started and stopped, not when the
 * hold times ran out — the same convention as FFmpeg's freezedetect/blackdetect.
 */
public final class DefectGate {

    private final DetectorName type;
    private final DetectorSettings settings;
    private final DefectSink sink;

    private double conditionStart = Double.NaN;
    private double conditionEnd = Double.NaN;
    private Defect open;

    public DefectGate(DefectType type, DetectorSettings settings, DefectSink sink) {
        this(DetectorName.of(type), settings, sink);
    }

    public DefectGate(DetectorName type, DetectorSettings settings, DefectSink sink) {
        this.type = type;
        this.settings = settings;
        this.sink = sink;
    }

    /**
     * @param t         media time of the sample, seconds
     * @param condition whether the sample shows the defect
     * @param detail    measurements to attach; called only when a defect opens or closes
     */
    public void update(double t, boolean condition, Supplier<Map<String, Object>> detail) {
        if (condition) {
            if (Double.isNaN(conditionStart)) {
                conditionStart = t;
            }
            conditionEnd = Double.NaN;
            if (open == null && t - conditionStart >= settings.raiseSec()) {
                open = new Defect(type, conditionStart, Double.NaN, settings.severity(), detail.get(), false);
                sink.opened(open);
            }
        } else if (open == null) {
            conditionStart = Double.NaN;
        } else {
            if (Double.isNaN(conditionEnd)) {
                conditionEnd = t;
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
