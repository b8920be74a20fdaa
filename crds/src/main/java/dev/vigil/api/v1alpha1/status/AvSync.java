package dev.vigil.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * The audio/video offset the {@code av_sync} detector last measured, in tolerance or not: a stream fact. Sign
 * convention: {@code offsetMs} is audio minus video, positive when the sound is later than the picture. Written by
 * the worker running the {@code av_sync} detector, when the figure changes noticeably (5 ms, 0.1 confidence) and at
 * most as often as any routine status write.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "state",
    "offsetMs",
    "confidence",
    "method",
    "driftMsPerMin",
    "soundEarlyMs",
    "soundLateMs",
    "reason"
})
public class AvSync {

    public static final int MAX_REASON = 160;

    @JsonPropertyDescription("inTolerance, outOfTolerance or unknown.")
    private String state;

    @JsonPropertyDescription("Audio minus video, ms: positive when the sound is late, negative when it is early.")
    private Integer offsetMs;

    @JsonPropertyDescription("0..1: for content, the share of visual events whose sound onset agreed beyond chance.")
    private Double confidence;

    @JsonPropertyDescription("content (sound onsets paired with cuts and flashes) or timestamps (the audio and video"
            + " timestamps alone).")
    private String method;

    @JsonPropertyDescription("How fast the offset moves, ms per minute, when known.")
    private Double driftMsPerMin;

    @JsonPropertyDescription("The tolerance: how early the sound may be, ms (default 90, ITU-R BT.1359).")
    private Integer soundEarlyMs;

    @JsonPropertyDescription("The tolerance: how late the sound may be, ms (default 185, ITU-R BT.1359).")
    private Integer soundLateMs;

    @Size(max = MAX_REASON)
    @JsonPropertyDescription("Why the offset is unknown.")
    private String reason;

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public Integer getOffsetMs() {
        return offsetMs;
    }

    public void setOffsetMs(Integer offsetMs) {
        this.offsetMs = offsetMs;
    }

    public Double getConfidence() {
        return confidence;
    }

    public void setConfidence(Double confidence) {
        this.confidence = confidence;
    }

    public String getMethod() {
        return method;
    }

    public void setMethod(String method) {
        this.method = method;
    }

    public Double getDriftMsPerMin() {
        return driftMsPerMin;
    }

    public void setDriftMsPerMin(Double driftMsPerMin) {
        this.driftMsPerMin = driftMsPerMin;
    }

    public Integer getSoundEarlyMs() {
        return soundEarlyMs;
    }

    public void setSoundEarlyMs(Integer soundEarlyMs) {
        this.soundEarlyMs = soundEarlyMs;
    }

    public Integer getSoundLateMs() {
        return soundLateMs;
    }

    public void setSoundLateMs(Integer soundLateMs) {
        this.soundLateMs = soundLateMs;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        AvSync that = (AvSync) o;
        return Objects.equals(state, that.state)
                && Objects.equals(offsetMs, that.offsetMs)
                && Objects.equals(confidence, that.confidence)
                && Objects.equals(method, that.method)
                && Objects.equals(driftMsPerMin, that.driftMsPerMin)
                && Objects.equals(soundEarlyMs, that.soundEarlyMs)
                && Objects.equals(soundLateMs, that.soundLateMs)
                && Objects.equals(reason, that.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, offsetMs, confidence, method, driftMsPerMin, soundEarlyMs, soundLateMs, reason);
    }

    @Override
    public String toString() {
        return "AvSync{state=" + state + ", offsetMs=" + offsetMs + ", confidence=" + confidence + ", method=" + method
                + ", driftMsPerMin=" + driftMsPerMin + ", soundEarlyMs=" + soundEarlyMs + ", soundLateMs=" + soundLateMs
                + ", reason=" + reason + "}";
    }
}
