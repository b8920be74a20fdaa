package dev.vigil.worker.session;

import java.util.Map;

/**
 * A change in the stream worth telling users about that is not a defect.
 *
 * @param kind one of {@code resolutionChanged, codecChanged, streamDown, streamUp, detectorFailed}
 */
public record StreamEvent(double atSec, String kind, String message, Map<String, Object> detail) {

    public StreamEvent {
        detail = Map.copyOf(detail);
    }
}
