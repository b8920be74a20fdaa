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
import java.util.function.Function;

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
 * reason), {@code stream_up} (the facts after a reconnect), {@code detector_failed} (detail {@code detector}),
 * {@code detector_idle}, the delivery markers {@code cue_out}, {@code cue_in}, {@code date_range},
 * {@code dash_event}, and {@code av_sync_step}.
 */
public final class JsonLines implements SessionListener {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Consumer<String> out;
    private final Function<Defect, Map<String, String>> evidence;
    private StreamFacts facts;
    private boolean down;
    private double lastSec;

    public JsonLines(Consumer<String> out) {
        this(out, d -> null);
    }

    /** @param evidence a defect's evidence files ({@code thumbnail}, {@code clip}), added to its line; null for none */
    public JsonLines(Consumer<String> out, Function<Defect, Map<String, String>> evidence) {
        this.out = out;
        this.evidence = evidence;
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
    }

    @Override
    public void onDefectClosed(Defect defect) {
        lastSec = Math.max(lastSec, defect.endSec());
        out.accept(DefectJson.toLine(defect, evidence.apply(defect)));
    }

    @Override
    public void onStreamEvent(StreamEvent e) {
        lastSec = Math.max(lastSec, e.atSec());
        String name = name(e.kind());
        if (e.kind() == StreamEvent.Kind.STREAM_DOWN) {
            down = true;
        }
        out.accept(event(name, e.atSec(), e.message(), e.detail()));
    }

    /** The event's name in jsonl: snake case, the change events named as changes. */
    static String name(StreamEvent.Kind kind) {
        return switch (kind) {
            case RESOLUTION_CHANGED -> "resolution_change";
            case CODEC_CHANGED -> "codec_change";
            case FRAME_RATE_CHANGED -> "frame_rate_change";
            default -> kind.wireName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
        };
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
