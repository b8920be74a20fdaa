package dev.vigil.worker.detect.video;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.decode.DecodeErrors;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.StreamProbe;
import dev.vigil.worker.media.LumaThumbnail;
import dev.vigil.worker.media.VideoFeatures;
import dev.vigil.worker.source.StreamFacts;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pictures the decoder knows are damaged: it concealed lost or broken macroblocks, lost slices, missed a
 * reference, refused a packet, or was handed a packet the demuxer found corrupt in transport (a continuity
 * error inside it). Damage spreads through prediction until the next picture that depends on nothing before it,
 * so a defect opens at the first damaged picture and stays open while the damage is <em>visible</em>: until a
 * clean key or I picture, or {@code maxPropagationSec} after the last damaged picture (streams without such
 * pictures heal by intra refresh). The decoder's flags are facts, not guesses: clean streams, however noisy,
 * blocky or fast, never raise this defect.
 *
 * <p>Alongside, a picture measure says how visible the damage is: concealed macroblocks do not fit their
 * neighbours, so luma steps across 16-pixel macroblock edges grow against steps across the 8-pixel lines
 * inside macroblocks ({@code edgeRatio}, measured on the 8×8 thumbnail of every picture, reported against the
 * stream's own clean level).
 *
 * <p>Defaults: raiseSec 0, clearSec 1 (bursts close together are one defect), severity major,
 * {@code maxPropagationSec} 10.
 */
public final class CorruptionDetector implements Detector, StreamProbe {

    public static final DetectorSettings DEFAULTS =
            new DetectorSettings(true, Severity.MAJOR, 0, 1, Map.of("maxPropagationSec", 10.0));

    /** Damage the decoder reports; pictures merely missing (a frame-rate change) are not damage on their own. */
    private static final int DAMAGE = DecodeErrors.INVALID_BITSTREAM
            | DecodeErrors.MISSING_REFERENCE
            | DecodeErrors.CONCEALMENT
            | DecodeErrors.SLICES_LOST
            | DecodeErrors.CORRUPT_FRAME
            | DecodeErrors.CORRUPT_PACKET
            | DecodeErrors.REFUSED_PACKET;
    /**
     * The clean level follows the stream with this time constant, whatever its picture rate (economy and keyframes
     * decoding deliver fewer pictures); 2 s is a weight of 0.02 per picture at 25 fps.
     */
    private static final double BASELINE_SEC = 2.0;

    private static final double BASELINE_EVERY_SEC = 0.2;

    private final double maxPropagationSec;
    private final DefectGate gate;

    private boolean waitingForKey = true;
    private boolean tainted;
    private double lastDamageSec = Double.NaN;
    private int flaggedPictures;
    private int affectedPictures;
    private int errorKinds;
    private double cleanEdgeRatio = Double.NaN;
    private double peakEdgeRatio;
    private double baselineSec = Double.NaN;

    // decode thread: a new connection was made
    private volatile boolean reconnected;

    public CorruptionDetector(DetectorSettings settings, DefectSink sink) {
        this.maxPropagationSec = settings.threshold("maxPropagationSec");
        this.gate = new DefectGate(DefectType.CORRUPTION, settings, sink);
    }

    @Override
    public DetectorName type() {
        return DetectorName.of(DefectType.CORRUPTION);
    }

    @Override
    public StreamProbe probe() {
        return this;
    }

    @Override
    public void onConnected(boolean tapped, StreamFacts facts) {
        reconnected = true;
    }

    @Override
    public Runnable collect(double sessionSec) {
        if (!reconnected) {
            return null;
        }
        reconnected = false;
        return () -> waitingForKey = true; // joining a stream mid-GOP is not damage
    }

    @Override
    public void onVideo(VideoFeatures frame) {
        VideoFeatures.DecodeFacts decode = frame.decode();
        double t = frame.ptsSec();
        boolean damaged = (decode.errors() & DAMAGE) != 0;
        boolean cleanRecovery = !damaged && (decode.key() || decode.type() == 'I');
        if (waitingForKey) {
            if (!cleanRecovery) {
                return;
            }
            waitingForKey = false;
        }
        // the edge measure holds only on pictures as full decoding shows them (no loop filter skipped); the clean
        // level needs no more than a few pictures per second
        boolean measure = decode.full()
                && (damaged || tainted || Double.isNaN(baselineSec) || t - baselineSec >= BASELINE_EVERY_SEC);
        double edges = measure ? edgeRatio(frame.thumbnail()) : Double.NaN;
        if (damaged) {
            if (!tainted) {
                flaggedPictures = 0;
                affectedPictures = 0;
                errorKinds = 0;
                peakEdgeRatio = 0;
            }
            tainted = true;
            lastDamageSec = t;
            flaggedPictures++;
            errorKinds |= decode.errors();
        } else if (tainted && (cleanRecovery || t - lastDamageSec >= maxPropagationSec)) {
            tainted = false;
        }
        if (tainted) {
            affectedPictures++;
            if (!Double.isNaN(edges)) {
                peakEdgeRatio = Math.max(peakEdgeRatio, edges);
            }
        } else if (!Double.isNaN(edges)) {
            double weight = Double.isNaN(baselineSec) ? 1 : 1 - Math.exp(-Math.max(0, t - baselineSec) / BASELINE_SEC);
            cleanEdgeRatio = Double.isNaN(cleanEdgeRatio) ? edges : cleanEdgeRatio + weight * (edges - cleanEdgeRatio);
            baselineSec = t;
        }
        gate.update(t, tainted, this::detail);
    }

    @Override
    public void finish(double endSec) {
        gate.finish(endSec, this::detail);
    }

    private Map<String, Object> detail() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("damagedPictures", flaggedPictures);
        d.put("affectedPictures", affectedPictures);
        d.put("errors", DecodeErrors.names(errorKinds & DAMAGE));
        if (!Double.isNaN(cleanEdgeRatio) && peakEdgeRatio > 0) {
            d.put("edgeRatio", round3(peakEdgeRatio));
            d.put("cleanEdgeRatio", round3(cleanEdgeRatio));
        }
        return d;
    }

    /**
     * Mean luma step across 16-pixel (macroblock) edges over the mean step across the 8-pixel lines inside
     * macroblocks, on the 8×8 thumbnail; NaN for pictures too small to tell.
     */
    static double edgeRatio(LumaThumbnail thumb) {
        int w = thumb.width();
        int h = thumb.height();
        if (w < 4 || h < 4) {
            return Double.NaN;
        }
        int[] c = thumb.cells();
        long mb = 0;
        long inner = 0;
        int mbCount = 0;
        int innerCount = 0;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x + 1 < w; x++) {
                int step = Math.abs(c[row + x + 1] - c[row + x]);
                if ((x & 1) == 1) {
                    mb += step;
                    mbCount++;
                } else {
                    inner += step;
                    innerCount++;
                }
            }
        }
        for (int y = 0; y + 1 < h; y++) {
            int row = y * w;
            boolean mbEdge = (y & 1) == 1;
            for (int x = 0; x < w; x++) {
                int step = Math.abs(c[row + w + x] - c[row + x]);
                if (mbEdge) {
                    mb += step;
                    mbCount++;
                } else {
                    inner += step;
                    innerCount++;
                }
            }
        }
        double scale = LumaThumbnail.SCALE;
        return (mb / (double) mbCount / scale + 0.5) / (inner / (double) innerCount / scale + 0.5);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
