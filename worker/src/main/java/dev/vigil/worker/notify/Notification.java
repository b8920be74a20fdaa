package dev.vigil.worker.notify;

import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.evidence.EvidenceRef;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One thing worth telling people about a monitor, independent of the channel (Kubernetes Event, webhook).
 *
 * @param time    wall-clock time the worker noticed it
 * @param defect  the defect for {@code DEFECT_*} kinds, else null; its times are media seconds of the session
 * @param message for stream kinds: a one-line reason, already free of URLs and credentials; else null
 * @param evidence the defect's thumbnail and clip when the pool keeps evidence, else null
 */
public record Notification(
        NotificationKind kind,
        MonitorRef monitor,
        String worker,
        Instant time,
        Defect defect,
        String message,
        EvidenceRef evidence) {

    public Notification(
            NotificationKind kind, MonitorRef monitor, String worker, Instant time, Defect defect, String message) {
        this(kind, monitor, worker, time, defect, message, null);
    }

    public Notification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(time, "time");
        if (kind.isDefect() != (defect != null)) {
            throw new IllegalArgumentException(kind + " needs " + (kind.isDefect() ? "a" : "no") + " defect");
        }
    }

    public DetectorName defectType() {
        return defect == null ? null : defect.type();
    }

    public Severity severity() {
        return defect == null ? null : defect.severity();
    }

    public Map<String, Object> detail() {
        return defect == null ? Map.of() : defect.detail();
    }
}
