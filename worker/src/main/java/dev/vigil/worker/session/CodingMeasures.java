package dev.vigil.worker.session;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.detect.DetectorName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Detectors that measure coding artefacts (blockiness, the ONNX models) look only at pictures exactly as full
 * decoding shows them: economy and keyframes decoding skip the loop filter, which makes every encode look blockier
 * than it is. Such a session says so once, at its start, as an idle notice for each of them.
 */
final class CodingMeasures {

    private CodingMeasures() {}

    static List<StreamEvent> limited(Collection<DetectorName> detectors, DecodeProfile profile, boolean escalate) {
        String noBFrames = profile == DecodeProfile.ECONOMY
                ? " (or throughout, on a stream without B-frames, which economy decodes in full)"
                : "";
        String when = escalate
                ? "measured only while the stream is escalated to full decoding" + noBFrames + ": "
                        + profile.wireName() + " decoding skips the loop filter, which makes every picture look"
                        + " blockier"
                : "not measured" + noBFrames + ": " + profile.wireName() + " decoding without escalation never"
                        + " decodes a picture in full, and skipping the loop filter makes every picture look blockier";
        List<StreamEvent> events = new ArrayList<>();
        for (DetectorName d : detectors) {
            if (d.isModel() || d.builtIn().orElse(null) == DefectType.BLOCKINESS) {
                events.add(new StreamEvent(
                        0, StreamEvent.Kind.DETECTOR_IDLE, d + ": " + when, Map.of("detector", d.wireName())));
            }
        }
        return events;
    }
}
