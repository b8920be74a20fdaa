package dev.vigil.worker.detect.transport;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.Observation;
import dev.vigil.worker.detect.StreamProbe;
import dev.vigil.worker.source.ByteTap;
import dev.vigil.worker.source.StreamFacts;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Transport-stream integrity (ETSI TR 101 290) of MPEG-TS inputs: a {@link TsAnalyzer} reads every byte the
 * source delivers, on the decode thread, and this detector raises a {@code transport} defect per indicator
 * ({@code detail.check}, e.g. {@code continuity_count_error}) while errors of that kind keep occurring, and
 * clears it {@code clearSec} after the last one. Priority-1 indicators take the detector's severity, priority-2
 * ones one step less. Counters per indicator go to status and metrics as {@link TransportCounts}.
 * Inputs that are not byte streams of MPEG-TS (HLS, DASH, RTMP, RTSP, MP4 files…) leave it idle, said once.
 * <p>Defaults: raiseSec 0 (one error is a fact, not a guess), clearSec 5, severity major,
 * {@code pidTimeoutSec} 5 (an audio or video PID of the PMT absent that long is a PID_error).
 */
public final class TransportDetector implements Detector, StreamProbe {

    public static final DetectorSettings DEFAULTS =
            new DetectorSettings(true, Severity.MAJOR, 0, 5, Map.of("pidTimeoutSec", 5.0));

    private static final Tr101290[] INDICATORS = Tr101290.values();
    /** While a defect is open the lane hears about every 0.2 s, so it closes on time; else once a second. */
    private static final double OPEN_REPORT_SEC = 0.2;

    private static final double QUIET_REPORT_SEC = 1.0;

    private final DefectSink sink;
    private final TsAnalyzer analyzer;

    // decode thread
    private final long[] handedOver = new long[INDICATORS.length];
    private double lastReportSec = Double.NEGATIVE_INFINITY;
    private boolean idleSaid;
    private boolean tapped;
    private volatile boolean anyOpen;

    // lane
    private final DefectGate[] gates = new DefectGate[INDICATORS.length];
    private final long[] totals = new long[INDICATORS.length];
    private final long[] countAtOpen = new long[INDICATORS.length];
    private final double[] lastSeenSec = new double[INDICATORS.length];

    public TransportDetector(DetectorSettings settings, DefectSink sink) {
        this.sink = sink;
        this.analyzer = new TsAnalyzer(settings.threshold("pidTimeoutSec"));
        Arrays.fill(lastSeenSec, Double.NaN);
        for (Tr101290 i : INDICATORS) {
            DetectorSettings s = i.priority() == 1
                    ? settings
                    : settings.withOverrides(null, lower(settings.severity()), null, null, Map.of());
            gates[i.ordinal()] = new DefectGate(DefectType.TRANSPORT, s, sink);
        }
    }

    @Override
    public DetectorName type() {
        return DetectorName.of(DefectType.TRANSPORT);
    }

    @Override
    public StreamProbe probe() {
        return this;
    }

    // ---- decode thread (StreamProbe) ----

    @Override
    public ByteTap byteTap() {
        return analyzer;
    }

    @Override
    public void onConnected(boolean tappedInput, StreamFacts facts) {
        tapped = tappedInput;
    }

    @Override
    public Runnable collect(double sessionSec) {
        if (!tapped || analyzer.notTransportStream()) {
            if (idleSaid) {
                return null;
            }
            idleSaid = true;
            String reason = !tapped
                    ? "TR 101 290 checks need the input's bytes: this protocol's transport is read by"
                            + " its own demuxer (DASH, RTMP, RTSP)"
                    : "the input is not an MPEG transport stream";
            return () -> sink.observed(new Observation.Idle(type(), reason));
        }
        analyzer.mediaClock(sessionSec);
        long[] counts = analyzer.counts();
        boolean changed = false;
        for (int i = 0; i < counts.length; i++) {
            changed |= counts[i] != handedOver[i];
        }
        double interval = anyOpen ? OPEN_REPORT_SEC : QUIET_REPORT_SEC;
        if (!changed && sessionSec - lastReportSec < interval) {
            return null;
        }
        lastReportSec = sessionSec;
        long[] snapshot = counts.clone();
        System.arraycopy(snapshot, 0, handedOver, 0, snapshot.length);
        return () -> onCounts(snapshot, sessionSec);
    }

    // ---- lane ----

    private void onCounts(long[] counts, double t) {
        boolean changed = false;
        boolean open = false;
        for (int i = 0; i < counts.length; i++) {
            long delta = counts[i] - totals[i];
            totals[i] = counts[i];
            if (delta > 0) {
                changed = true;
                lastSeenSec[i] = t;
                if (!gates[i].isOpen()) {
                    countAtOpen[i] = counts[i] - delta;
                }
            }
            int index = i;
            gates[i].update(t, delta > 0, () -> detail(index));
            open |= gates[i].isOpen();
        }
        anyOpen = open;
        if (changed) {
            sink.observed(new TransportCounts(type(), t, totals.clone(), lastSeenSec.clone()));
        }
    }

    @Override
    public void finish(double endSec) {
        for (int i = 0; i < gates.length; i++) {
            int index = i;
            gates[i].finish(endSec, () -> detail(index));
        }
    }

    private Map<String, Object> detail(int i) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(Defect.CHECK, INDICATORS[i].wireName());
        d.put("priority", INDICATORS[i].priority());
        d.put("count", totals[i] - countAtOpen[i]);
        d.put("total", totals[i]);
        return d;
    }

    private static Severity lower(Severity s) {
        return switch (s) {
            case CRITICAL -> Severity.MAJOR;
            case MAJOR, MINOR -> Severity.MINOR;
        };
    }
}
