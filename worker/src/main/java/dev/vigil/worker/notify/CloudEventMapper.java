package dev.vigil.worker.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.evidence.EvidenceRef;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A notification as a CloudEvent (spec 1.0): {@code type} from the kind ({@code dev.vigil.defect.opened} ...),
 * {@code source} the monitor's API path, {@code subject} the defect type, {@code data} a JSON object with the
 * defect (media-time seconds of the session), the monitor and the worker. See worker/README.md for an example.
 */
public final class CloudEventMapper {

    static final String DATA_CONTENT_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudEventMapper() {}

    public static CloudEvent toCloudEvent(Notification n) {
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(n.monitor().apiPath())
                .withType(n.kind().cloudEventType())
                .withTime(n.time().atOffset(ZoneOffset.UTC))
                .withDataContentType(DATA_CONTENT_TYPE)
                .withData(DATA_CONTENT_TYPE, json(data(n)));
        if (n.defect() != null) {
            event.withSubject(n.defect().key()); // the type, or type/check (transport/continuity_count_error)
        }
        return event.build();
    }

    static Map<String, Object> data(Notification n) {
        Map<String, Object> data = new LinkedHashMap<>();
        Defect d = n.defect();
        if (d != null) {
            data.put("type", d.type().wireName());
            if (d.check() != null) {
                data.put("check", d.check());
            }
            data.put("severity", d.severity().wireName());
            data.put("startSec", d.startSec());
            if (!d.isOpen()) {
                data.put("endSec", d.endSec());
                data.put("durationSec", d.durationSec());
            }
            data.put("detail", d.detail());
            if (n.evidence() != null) {
                data.put("evidence", evidence(n.evidence()));
            }
        } else {
            data.put("message", n.message());
        }
        Map<String, Object> monitor = new LinkedHashMap<>();
        monitor.put("namespace", n.monitor().namespace());
        monitor.put("name", n.monitor().name());
        if (n.monitor().uid() != null) {
            monitor.put("uid", n.monitor().uid());
        }
        data.put("monitor", monitor);
        data.put("worker", n.worker());
        return data;
    }

    /** Object keys and links of the defect's evidence; a link is a presigned or gateway URL, never a credential. */
    private static Map<String, Object> evidence(EvidenceRef e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", e.state().wireName());
        if (e.thumbnail() != null) {
            m.put("thumbnail", e.thumbnail());
        }
        if (e.clip() != null) {
            m.put("clip", e.clip());
        }
        if (e.thumbnailUrl() != null) {
            m.put("thumbnailUrl", e.thumbnailUrl());
        }
        if (e.clipUrl() != null) {
            m.put("clipUrl", e.clipUrl());
        }
        if (e.reason() != null) {
            m.put("reason", e.reason());
        }
        return m;
    }

    private static byte[] json(Map<String, Object> data) {
        try {
            return JSON.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("defect detail is not JSON-friendly: " + e.getOriginalMessage(), e);
        }
    }
}
