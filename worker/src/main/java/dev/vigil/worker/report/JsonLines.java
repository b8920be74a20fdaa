package dev.vigil.worker.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.StreamEvent;
import dev.vigil.worker.source.StreamFacts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code vigil analyze --format jsonl}: one JSON object per line, as things happen. Defects as they close, in the
 * form of {@link DefectJson}; and the stream's events, all with {@code "type":"event"} (no defect type is called
 * that):
 * <pre>
 * {"type":"event","event":"stream_start","atSec":0.0,"detail":{"container":"mpegts","videoCodec":"h264",…}}
 * {"type":"event","event":"resolution_change","atSec":12.04,"message":"resolution changed from …","detail":{"from":"1280x720","to":"640x360"}}
 * </pre>
 * Events: {@code stream_start} (the stream's facts when it is first opened), {@code resolution_change},
 * {@code codec_change}, {@code frame_rate_change} (detail {@code from}, {@code to}), {@code stream_down} (message: the
 * reason), {@code stream_up} (the facts after a reconnect) and {@code detector_failed} (detail {@code detector}).
 */
public final class JsonLines implements SessionListener {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Consumer<String> out;
    private StreamFacts facts;
    private boolean down;
    private double lastSec;

    public JsonLines(Consumer<String> out) {
        this.out = out;
    }

    @Override
    public void onStreamUp(StreamFacts f) {
        StreamFacts before = facts;
        facts = f;
        if (before == null) {
            out.accept(event("stream_start", 0, null, facts(f)));
            return;
        }
        if (down) {
            down = false;
            out.accept(event("stream_up", lastSec, null, facts(f)));
        }
        if (before.frameRate() > 0 && f.frameRate() > 0 && Math.abs(before.frameRate() - f.frameRate()) > 0.005) {
            out.accept(event("frame_rate_change", lastSec,
                    String.format(java.util.Locale.ROOT, "frame rate changed from %.3f to %.3f", before.frameRate(),
                            f.frameRate()), Map.of("from", round(before.frameRate(), 3), "to", round(f.frameRate(), 3))));
        }
    }

    @Override
    public void onDefectClosed(Defect defect) {
        lastSec = Math.max(lastSec, defect.endSec());
        out.accept(DefectJson.toLine(defect));
    }

    @Override
    public void onStreamEvent(StreamEvent e) {
        lastSec = Math.max(lastSec, e.atSec());
        String name = switch (e.kind()) {
            case "resolutionChanged" -> "resolution_change";
            case "codecChanged" -> "codec_change";
            case "streamDown" -> "stream_down";
            case "streamUp" -> "stream_up";
            case "detectorFailed" -> "detector_failed";
            default -> e.kind();
        };
        if (name.equals("stream_down")) {
            down = true;
        }
        out.accept(event(name, e.atSec(), e.message(), e.detail()));
    }

    @Override
    public void onProgress(double mediaSec) {
        lastSec = Math.max(lastSec, mediaSec);
    }

    private static String event(String name, double atSec, String message, Map<String, Object> detail) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("type", "event");
        o.put("event", name);
        o.put("atSec", DefectJson.round2(atSec));
        if (message != null) {
            o.put("message", message);
        }
        o.set("detail", MAPPER.valueToTree(detail == null ? Map.of() : detail));
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The facts the decoder knows, without the ones it does not. */
    static Map<String, Object> facts(StreamFacts f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("container", f.container());
        if (f.hasVideo()) {
            m.put("videoCodec", f.videoCodec());
            m.put("width", f.width());
            m.put("height", f.height());
            m.put("frameRate", round(f.frameRate(), 3));
            m.put("pixelFormat", f.pixelFormat());
        }
        if (f.hasAudio()) {
            m.put("audioCodec", f.audioCodec());
            m.put("sampleRate", f.sampleRate());
            m.put("channels", f.audioChannels());
            m.put("channelLayout", f.channelLayout());
        }
        if (f.bitrate() > 0) {
            m.put("bitrate", f.bitrate());
        }
        if (f.durationSec() > 0) {
            m.put("durationSec", round(f.durationSec(), 3));
        }
        m.values().removeIf(v -> v == null);
        return m;
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
