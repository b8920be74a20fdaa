package dev.vigil.worker.detect.stream;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.media.AudioBlock;
import dev.vigil.worker.media.VideoFeatures;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stream loss: no media for {@code gapSec} seconds although the source is connected or expected.
 * Fed by media arrival (any decoded frame or audio buffer) and, for live sources, by session clock ticks
 * while nothing arrives — so a connection that is up but silent, or down and reconnecting, is a stall.
 * In files, a timestamp gap longer than {@code gapSec} is reported the same way.
 * <p>There is no single FFmpeg filter for this; the closest is a demuxer read timeout ({@code rw_timeout}).
 * Defaults: {@code gapSec} 2 s; the gap itself is the hold, so raiseSec is 0; clearSec 0; severity critical.
 * <p>Where the session knows more ({@link #explainWith}: an HLS/DASH source whose manifest was stale or unavailable
 * at the same time), the detail says so: {@code cause=manifest stale}.
 */
public final class StallDetector implements Detector {

    public static final DetectorSettings DEFAULTS =
            new DetectorSettings(true, Severity.CRITICAL, 0, 0, Map.of("gapSec", 2.0));

    private final double gapSec;
    private final DefectGate gate;
    private double lastMediaSec = Double.NaN;
    private double stallFromSec = Double.NaN;
    private double latestSec = Double.NaN;
    private volatile StallCause cause = (from, to) -> null;

    public StallDetector(DetectorSettings settings, DefectSink sink) {
        this.gapSec = settings.threshold("gapSec");
        this.gate = new DefectGate(DefectType.STALL, settings, sink);
    }

    /** Who may know why media stopped (the manifest checks of an HLS/DASH source); named in the stall's detail. */
    public void explainWith(StallCause cause) {
        this.cause = cause;
    }

    @Override
    public DetectorName type() {
        return DetectorName.of(DefectType.STALL);
    }

    @Override
    public void onVideo(VideoFeatures frame) {
        onMedia(frame.ptsSec());
    }

    @Override
    public void onAudio(AudioBlock block) {
        onMedia(block.ptsSec());
    }

    /** Pictures that economy or keyframes decoding skips are media that arrived. */
    @Override
    public void onUndecodedVideo(double ptsSec) {
        onMedia(ptsSec);
    }

    /** The session clock advanced to {@code nowSec} with no media (live sources only). */
    @Override
    public void onTick(double nowSec) {
        if (Double.isNaN(lastMediaSec)) {
            lastMediaSec = 0; // connected, no media yet: the timeline starts at the connection
        }
        if (nowSec <= lastMediaSec) {
            return;
        }
        if (nowSec - lastMediaSec >= gapSec) {
            stallFromSec = lastMediaSec;
            latestSec = nowSec;
            gate.update(lastMediaSec, true, this::detail);
            gate.update(nowSec, true, this::detail);
        }
    }

    private void onMedia(double t) {
        if (Double.isNaN(lastMediaSec)) {
            lastMediaSec = t;
            return;
        }
        if (t - lastMediaSec >= gapSec && !gate.isOpen()) {
            // a gap in the timestamps: media was lost between the two samples
            stallFromSec = lastMediaSec;
            latestSec = t;
            gate.update(lastMediaSec, true, this::detail);
            gate.update(t, true, this::detail);
        }
        if (t > lastMediaSec) {
            latestSec = t;
            if (gate.isOpen()) {
                gate.update(t, false, () -> detail(t));
            }
            lastMediaSec = t;
        }
    }

    @Override
    public void finish(double endSec) {
        latestSec = Double.isNaN(latestSec) ? endSec : Math.max(latestSec, endSec);
        gate.finish(endSec, this::detail);
    }

    private Map<String, Object> detail() {
        return detail(Double.NaN);
    }

    private Map<String, Object> detail(double resumedAt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("gapSec", gapSec);
        if (!Double.isNaN(resumedAt)) {
            d.put("resumedAtSec", Math.round(resumedAt * 100) / 100.0);
        }
        String why = Double.isNaN(stallFromSec) ? null : cause.during(stallFromSec, latestSec);
        if (why != null) {
            d.put("cause", why);
        }
        return d;
    }
}
