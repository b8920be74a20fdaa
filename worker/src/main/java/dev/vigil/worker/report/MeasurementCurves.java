package dev.vigil.worker.report;

import dev.vigil.worker.detect.audio.LoudnessMeter;
import dev.vigil.worker.media.AudioBlock;
import dev.vigil.worker.media.BlockingMeasure;
import dev.vigil.worker.media.VideoFeatures;
import dev.vigil.worker.session.MediaTap;

/**
 * What the analysis measured over time, for the HTML report's curves: momentary and short-term loudness (EBU R128,
 * its own meter on the decoded audio) and the blockiness score of the frames the analyser measured it on. Runs
 * on the session's lane after the detectors; a few hundred bytes per minute of media.
 */
public final class MeasurementCurves implements MediaTap {

    static final double BIN_SEC = 0.5;

    private final CurveSeries momentary = new CurveSeries(BIN_SEC);
    private final CurveSeries shortTerm = new CurveSeries(BIN_SEC);
    private final CurveSeries blockiness = new CurveSeries(BIN_SEC);
    private LoudnessMeter meter;

    @Override
    public void onAudio(AudioBlock block) {
        if (meter == null) {
            meter = new LoudnessMeter(block.sampleRate(), block.channelCount());
        } else if (meter.sampleRate() != block.sampleRate() || meter.channelCount() != block.channelCount()) {
            meter.reconfigure(block.sampleRate(), block.channelCount());
        }
        meter.process(block.channels(), 0, block.length(), (end, m, s) -> {
            double t = block.timeOf(end);
            momentary.add(t, floor(m));
            shortTerm.add(t, floor(s));
        });
    }

    @Override
    public void onVideo(VideoFeatures features) {
        BlockingMeasure b = features.blocking();
        if (b != null) {
            blockiness.add(features.ptsSec(), b.score());
        }
    }

    CurveSeries momentary() {
        return momentary;
    }

    CurveSeries shortTerm() {
        return shortTerm;
    }

    CurveSeries blockiness() {
        return blockiness;
    }

    /** Digital silence reads -infinity: drawn at the bottom of the scale. */
    private static double floor(double lufs) {
        return Double.isNaN(lufs) ? Double.NaN : Math.max(lufs, -70);
    }
}
