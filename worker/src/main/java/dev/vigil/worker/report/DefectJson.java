package dev.vigil.worker.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.worker.detect.Defect;

/**
 * The one-line JSON form of a defect:
 * {@code {"type":"freeze","startSec":12.04,"endSec":15.52,"severity":"major","detail":{…}}}, plus
 * {@code "openAtEnd":true} when the media ended with the defect still open.
 */
public final class DefectJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DefectJson() {}

    public static String toLine(Defect d) {
        return toLine(d, null);
    }

    /**
     * @param evidence the files of the defect's evidence ({@code thumbnail}, {@code clip}: paths), added as
     *                 {@code "evidence":{…}}; null or empty for none
     */
    public static String toLine(Defect d, java.util.Map<String, String> evidence) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("type", d.type().wireName());
        o.put("startSec", round2(d.startSec()));
        o.put("endSec", round2(d.endSec()));
        o.put("severity", d.severity().wireName());
        o.set("detail", MAPPER.valueToTree(d.detail()));
        if (d.openAtEnd()) {
            o.put("openAtEnd", true);
        }
        if (evidence != null && !evidence.isEmpty()) {
            o.set("evidence", MAPPER.valueToTree(evidence));
        }
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
