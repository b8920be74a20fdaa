package dev.vigil.worker.detect.audio;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.media.AudioBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Audio silence, the equivalent of FFmpeg's {@code silencedetect=noise=-60dB:d=2}.
 *
 * <p><b>Measure.</b> The RMS level of each channel over consecutive {@code windowSec} windows (default 50 ms,
 * counted in samples across block boundaries; a window's time is the pts-based media time of its first
 * sample). A window is silent for a channel when its RMS is below {@code levelDb} (default -60 dBFS).
 * FFmpeg compares each sample's amplitude instead; an RMS reading is ~3 dB below a sine's peak and 10+ dB
 * below the peaks of noise, so low-level noise (e.g. -70 dBFS RMS hiss, whose peaks reach about -58 dBFS)
 * counts as silence here, while a quiet passage (-45 dBFS) does not.
 *
 * <p><b>Scope.</b> One {@link DefectGate} for the whole stream and one per channel:
 * <ul>
 *   <li>overall: every channel silent — detail {@code scope: "overall"}, {@code channels} all indexes;</li>
 *   <li>per channel: that channel silent while at least one other channel is not (a dead channel) — detail
 *       {@code scope: "channel"}, {@code channels: [i]}. Each dead channel is its own defect. When all
 *       channels go silent only the overall defect is reported (the per-channel condition is false then, so an
 *       open dead-channel defect closes and the overall one takes over). Mono streams have only the overall
 *       gate; in 6-channel (5.1, FL FR FC LFE BL BR) streams the LFE channel (3) is not checked on its own, a
 *       silent LFE being normal.</li>
 * </ul>
 * Detail also carries {@code levelDb} (the threshold) and {@code maxLevelDb}, the loudest window RMS during
 * the silent run (-120 for digital zero). Defaults: raise 2 s (FFmpeg {@code d=2}), clear 0.2 s, MAJOR.
 */
public final class SilenceDetector implements Detector {

    public static final DetectorSettings DEFAULTS =
            new DetectorSettings(true, Severity.MAJOR, 2.0, 0.2, Map.of("levelDb", -60.0, "windowSec", 0.05));

    private final DetectorSettings settings;
    private final DefectSink sink;
    private final double levelDb;
    private final double windowSec;

    private int sampleRate;
    private int channels;
    private int windowLength;
    private double meanSquareThreshold;
    private double[] sumSquares = new double[0];
    private int windowFill;
    private double windowStart;
    private int lfe = -1;

    private final DefectGate overallGate;
    private double overallMax = Double.NEGATIVE_INFINITY;
    private final Supplier<Map<String, Object>> overallDetail = this::overallDetail;
    private List<Integer> allChannels = List.of();
    private DefectGate[] channelGates = new DefectGate[0];
    private double[] channelMax = new double[0];
    private final List<Supplier<Map<String, Object>>> channelDetails = new ArrayList<>();
    private double[] windowMeanSquare = new double[0];

    public SilenceDetector(DetectorSettings settings, DefectSink sink) {
        this.settings = settings;
        this.sink = sink;
        this.levelDb = settings.threshold("levelDb");
        this.windowSec = settings.threshold("windowSec");
        if (!(windowSec > 0)) {
            throw new IllegalArgumentException("windowSec must be > 0");
        }
        this.overallGate = new DefectGate(DefectType.SILENCE, settings, sink);
    }

    @Override
    public DetectorName type() {
        return DetectorName.of(DefectType.SILENCE);
    }

    @Override
    public void onAudio(AudioBlock block) {
        if (block.channelCount() == 0 || block.length() == 0) {
            return;
        }
        if (block.sampleRate() != sampleRate || block.channelCount() != channels) {
            configure(block);
        }
        float[][] x = block.channels();
        int pos = 0;
        int len = block.length();
        while (pos < len) {
            if (windowFill == 0) {
                windowStart = block.timeOf(pos);
            }
            int n = Math.min(len - pos, windowLength - windowFill);
            for (int c = 0; c < channels; c++) {
                float[] ch = x[c];
                double acc = 0;
                for (int i = pos, end = pos + n; i < end; i++) {
                    double v = ch[i];
                    acc += v * v;
                }
                sumSquares[c] += acc;
            }
            windowFill += n;
            pos += n;
            if (windowFill == windowLength) {
                completeWindow();
            }
        }
    }

    private void configure(AudioBlock block) {
        // a format change ends per-channel tracking (channel indexes may mean something else now)
        for (int c = 0; c < channelGates.length; c++) {
            if (channelGates[c] != null) {
                channelGates[c].finish(block.ptsSec(), channelDetails.get(c));
            }
        }
        sampleRate = block.sampleRate();
        channels = block.channelCount();
        windowLength = Math.max(1, (int) Math.round(windowSec * sampleRate));
        meanSquareThreshold = Math.pow(10.0, levelDb / 10.0);
        sumSquares = new double[channels];
        windowMeanSquare = new double[channels];
        windowFill = 0;
        lfe = channels == 6 ? 3 : -1;
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            all.add(c);
        }
        allChannels = List.copyOf(all);
        channelGates = new DefectGate[channels];
        channelMax = new double[channels];
        channelDetails.clear();
        for (int c = 0; c < channels; c++) {
            final int ch = c;
            channelMax[c] = Double.NEGATIVE_INFINITY;
            channelDetails.add(() -> channelDetail(ch));
            if (channels > 1 && c != lfe) {
                channelGates[c] = new DefectGate(DefectType.SILENCE, settings, sink);
            }
        }
    }

    private void completeWindow() {
        boolean allSilent = true;
        double loudest = 0;
        for (int c = 0; c < channels; c++) {
            double ms = sumSquares[c] / windowLength;
            windowMeanSquare[c] = ms;
            sumSquares[c] = 0;
            if (ms >= meanSquareThreshold) {
                allSilent = false;
            }
            loudest = Math.max(loudest, ms);
        }
        windowFill = 0;
        double t = windowStart;

        if (allSilent) {
            overallMax = Math.max(overallMax, loudest);
        }
        overallGate.update(t, allSilent, overallDetail);
        if (!allSilent && !overallGate.isOpen()) {
            overallMax = Double.NEGATIVE_INFINITY;
        }

        for (int c = 0; c < channels; c++) {
            DefectGate gate = channelGates[c];
            if (gate == null) {
                continue;
            }
            boolean dead = !allSilent && windowMeanSquare[c] < meanSquareThreshold;
            if (dead) {
                channelMax[c] = Math.max(channelMax[c], windowMeanSquare[c]);
            }
            gate.update(t, dead, channelDetails.get(c));
            if (!dead && !gate.isOpen()) {
                channelMax[c] = Double.NEGATIVE_INFINITY;
            }
        }
    }

    @Override
    public void finish(double endSec) {
        overallGate.finish(endSec, overallDetail);
        for (int c = 0; c < channelGates.length; c++) {
            if (channelGates[c] != null) {
                channelGates[c].finish(endSec, channelDetails.get(c));
            }
        }
    }

    private Map<String, Object> overallDetail() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("scope", "overall");
        d.put("channels", allChannels);
        d.put("levelDb", AudioDetail.db(levelDb));
        d.put("maxLevelDb", AudioDetail.db(10.0 * Math.log10(overallMax)));
        return d;
    }

    private Map<String, Object> channelDetail(int c) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("scope", "channel");
        d.put("channels", List.of(c));
        d.put("levelDb", AudioDetail.db(levelDb));
        d.put("maxLevelDb", AudioDetail.db(10.0 * Math.log10(channelMax[c])));
        return d;
    }
}
