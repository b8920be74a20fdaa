package dev.vigil.worker.detect.audio;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.media.AudioBlock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Loudness out of the EBU R128 target, measured with {@link LoudnessMeter} (ITU-R BS.1770-4) and
 * {@link TruePeakMeter}. Three reasons, all reported as {@link DefectType#LOUDNESS} with {@code reason} in the
 * detail:
 * <ul>
 *   <li>{@code "shortTerm"}: the short-term loudness (3 s window, EBU R128 "S", FFmpeg {@code ebur128} "S:")
 *       is outside {@code targetLufs ± toleranceLu}. Evaluated every 100 ms, at the media time of the end of
 *       the 3 s window (when FFmpeg's {@code ebur128} prints the value); the defect opens once the condition
 *       has held {@code raiseSec} (default 10 s, so short loud effects or quiet passages of a programme
 *       whose integrated loudness is fine are tolerated) and closes after {@code clearSec} (default 3 s, one
 *       short-term window) back in range. Windows below the -70 LUFS absolute gate count as in range:
 *       silence is {@link SilenceDetector}'s job. Detail: {@code shortTermLufs} (energy mean of the out-of-range
 *       short-term values during the defect), {@code extremeLufs} (the one furthest from the target; windows
 *       partly covering silence read very low), {@code direction} ("loud"/"quiet"), {@code targetLufs},
 *       {@code toleranceLu}.</li>
 *   <li>{@code "truePeak"}: the true peak (BS.1770-4 Annex 2, dBTP, FFmpeg {@code ebur128=peak=true}) of an
 *       audio block is above {@code truePeakDbtp} (default -1.0 dBTP, the EBU R128 maximum permitted true
 *       peak level). Evaluated per block at the block's pts; an over is audible at once, so this reason opens
 *       immediately (raise 0 s, independent of {@code raiseSec}) and closes after {@code clearSec} without
 *       overs. Detail: {@code truePeakDbtp} (highest during the defect), {@code limitDbtp}.</li>
 *   <li>{@code "integrated"}: at {@link #finish}, the whole-stream integrated loudness (EBU R128 "I", gated
 *       -70 LUFS absolute / -10 LU relative) outside {@code targetLufs ± toleranceLu}. Reported as one defect
 *       spanning the measured audio (pts of the first block to the end of the last), opened and closed at
 *       finish time; its start therefore precedes defects already reported. Detail: {@code integratedLufs},
 *       {@code truePeakDbtp} (stream maximum, exact when within 6.1 dB of the limit, see
 *       {@link TruePeakMeter}), {@code lra} (EBU Tech 3342 loudness range, LU) when defined,
 *       {@code targetLufs}, {@code toleranceLu}.</li>
 * </ul>
 * Defaults: target -23 LUFS (EBU R128), tolerance 5 LU (monitoring tolerance, much wider than R128's ±1 LU
 * for file delivery: live programmes drift), severity MINOR. A change of sample rate or channel count
 * restarts the filters and the momentary/short-term windows; integrated loudness keeps accumulating.
 */
public final class LoudnessDetector implements Detector {

    public static final DetectorSettings DEFAULTS = new DetectorSettings(
            true, Severity.MINOR, 10.0, 3.0, Map.of("targetLufs", -23.0, "toleranceLu", 5.0, "truePeakDbtp", -1.0));

    private final DetectorSettings settings;
    private final DefectSink sink;
    private final double target;
    private final double tolerance;
    private final double truePeakLimitDbtp;
    private final double truePeakLimit;

    private final DefectGate shortTermGate;
    private final DefectGate truePeakGate;
    private final Supplier<Map<String, Object>> shortTermDetail = this::shortTermDetail;
    private final Supplier<Map<String, Object>> truePeakDetail = this::truePeakDetail;
    private final LoudnessMeter.StepListener stepListener = this::onStep;

    private LoudnessMeter meter;
    private TruePeakMeter truePeakMeter;
    private double streamTruePeak;

    private AudioBlock current;
    private double firstPts = Double.NaN;
    private double lastEnd = Double.NaN;

    private double eventShortTerm = Double.NaN;
    private double eventEnergy;
    private int eventSteps;
    private double eventTruePeak;
    private boolean finished;

    public LoudnessDetector(DetectorSettings settings, DefectSink sink) {
        this.settings = settings;
        this.sink = sink;
        this.target = settings.threshold("targetLufs");
        this.tolerance = settings.threshold("toleranceLu");
        this.truePeakLimitDbtp = settings.threshold("truePeakDbtp");
        this.truePeakLimit = AudioDetail.fromDb(truePeakLimitDbtp);
        this.shortTermGate = new DefectGate(DefectType.LOUDNESS, settings, sink);
        this.truePeakGate = new DefectGate(DefectType.LOUDNESS, settings.withHold(0.0, settings.clearSec()), sink);
    }

    @Override
    public DetectorName type() {
        return DetectorName.of(DefectType.LOUDNESS);
    }

    @Override
    public void onAudio(AudioBlock block) {
        int channels = block.channelCount();
        int rate = block.sampleRate();
        if (channels == 0 || block.length() == 0) {
            return;
        }
        if (meter == null) {
            meter = new LoudnessMeter(rate, channels);
        } else if (meter.sampleRate() != rate || meter.channelCount() != channels) {
            meter.reconfigure(rate, channels);
        }
        if (truePeakMeter == null || truePeakMeter.sampleRate() != rate || truePeakMeter.channelCount() != channels) {
            truePeakMeter = new TruePeakMeter(rate, channels, truePeakLimitDbtp);
        }
        if (Double.isNaN(firstPts)) {
            firstPts = block.ptsSec();
        }
        lastEnd = block.ptsSec() + block.durationSec();

        current = block;
        meter.process(block.channels(), 0, block.length(), stepListener);
        current = null;

        double peak = truePeakMeter.process(block.channels(), block.length());
        if (peak > streamTruePeak) {
            streamTruePeak = peak;
        }
        boolean over = peak > truePeakLimit;
        if (over && peak > eventTruePeak) {
            eventTruePeak = peak;
        }
        truePeakGate.update(block.ptsSec(), over, truePeakDetail);
        if (!over && !truePeakGate.isOpen()) {
            eventTruePeak = 0;
        }
    }

    private void onStep(int endIndex, double momentary, double shortTerm) {
        double t = current.timeOf(endIndex);
        boolean condition = shortTerm > LoudnessMeter.ABSOLUTE_GATE_LUFS && Math.abs(shortTerm - target) > tolerance;
        if (condition) {
            if (Double.isNaN(eventShortTerm) || Math.abs(shortTerm - target) > Math.abs(eventShortTerm - target)) {
                eventShortTerm = shortTerm;
            }
            eventEnergy += Math.pow(10.0, shortTerm / 10.0);
            eventSteps++;
        }
        shortTermGate.update(t, condition, shortTermDetail);
        if (!condition && !shortTermGate.isOpen()) {
            eventShortTerm = Double.NaN;
            eventEnergy = 0;
            eventSteps = 0;
        }
    }

    @Override
    public void finish(double endSec) {
        if (finished) {
            return;
        }
        finished = true;
        shortTermGate.finish(endSec, shortTermDetail);
        truePeakGate.finish(endSec, truePeakDetail);
        if (meter == null) {
            return;
        }
        double integrated = meter.integrated();
        if (Double.isInfinite(integrated) || Math.abs(integrated - target) <= tolerance) {
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("reason", "integrated");
        detail.put("integratedLufs", AudioDetail.db(integrated));
        detail.put("truePeakDbtp", AudioDetail.db(AudioDetail.toDb(streamTruePeak)));
        double lra = meter.loudnessRange();
        if (!Double.isNaN(lra)) {
            detail.put("lra", AudioDetail.db(lra));
        }
        detail.put("targetLufs", AudioDetail.db(target));
        detail.put("toleranceLu", AudioDetail.db(tolerance));
        detail.put("measuredSec", AudioDetail.sec(meter.measuredSeconds()));
        Defect opened = new Defect(
                DetectorName.of(DefectType.LOUDNESS), firstPts, Double.NaN, settings.severity(), detail, false);
        sink.opened(opened);
        sink.closed(new Defect(
                DetectorName.of(DefectType.LOUDNESS), firstPts, lastEnd, settings.severity(), detail, false));
    }

    /** The meter fed so far (null before the first block), e.g. for reporting integrated loudness. */
    public LoudnessMeter meter() {
        return meter;
    }

    /** Highest true peak seen, dBTP (exact when within 6.1 dB of {@code truePeakDbtp}). */
    public double truePeakDbtp() {
        return AudioDetail.toDb(streamTruePeak);
    }

    private Map<String, Object> shortTermDetail() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reason", "shortTerm");
        if (eventSteps > 0) {
            double mean = 10.0 * Math.log10(eventEnergy / eventSteps);
            d.put("shortTermLufs", AudioDetail.db(mean));
            d.put("extremeLufs", AudioDetail.db(eventShortTerm));
            d.put("direction", mean > target ? "loud" : "quiet");
        }
        d.put("targetLufs", AudioDetail.db(target));
        d.put("toleranceLu", AudioDetail.db(tolerance));
        return d;
    }

    private Map<String, Object> truePeakDetail() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reason", "truePeak");
        d.put("truePeakDbtp", AudioDetail.db(AudioDetail.toDb(eventTruePeak)));
        d.put("limitDbtp", AudioDetail.db(truePeakLimitDbtp));
        return d;
    }
}
