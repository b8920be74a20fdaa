package dev.vigil.worker.notify;

/**
 * What a notification announces, with its name in each channel: the Kubernetes Event reason and type, and the
 * CloudEvent type of the webhook.
 */
public enum NotificationKind {
    DEFECT_OPENED("DefectOpened", "Warning", "dev.vigil.defect.opened", "Analyze"),
    /** A short defect, opened as minor, lasted long enough to take its detector's severity. */
    DEFECT_ESCALATED("DefectEscalated", "Warning", "dev.vigil.defect.escalated", "Analyze"),
    DEFECT_CLOSED("DefectClosed", "Normal", "dev.vigil.defect.closed", "Analyze"),
    STREAM_DOWN("StreamDown", "Warning", "dev.vigil.stream.down", "Connect"),
    STREAM_UP("StreamUp", "Normal", "dev.vigil.stream.up", "Connect");

    private final String eventReason;
    private final String eventType;
    private final String cloudEventType;
    private final String eventAction;

    NotificationKind(String eventReason, String eventType, String cloudEventType, String eventAction) {
        this.eventReason = eventReason;
        this.eventType = eventType;
        this.cloudEventType = cloudEventType;
        this.eventAction = eventAction;
    }

    /** The Kubernetes Event's {@code reason} (CamelCase). */
    public String eventReason() {
        return eventReason;
    }

    /** The Kubernetes Event's {@code type}: {@code Warning} for trouble, {@code Normal} for recovery. */
    public String eventType() {
        return eventType;
    }

    /** The Kubernetes Event's {@code action}: what the worker was doing when it noticed. */
    public String eventAction() {
        return eventAction;
    }

    /** The CloudEvent {@code type} attribute of the webhook. */
    public String cloudEventType() {
        return cloudEventType;
    }

    public boolean isDefect() {
        return this == DEFECT_OPENED || this == DEFECT_ESCALATED || this == DEFECT_CLOSED;
    }
}
