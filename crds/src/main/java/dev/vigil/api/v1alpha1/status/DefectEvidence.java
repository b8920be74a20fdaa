package dev.vigil.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/** Where the evidence of a defect is: object keys in the pool's evidence bucket, and links when configured. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"state", "thumbnail", "clip", "onsetSec", "thumbnailUrl", "clipUrl", "reason"})
public class DefectEvidence {

    @JsonPropertyDescription("pending (being captured or uploaded), stored, or lost (see reason).")
    private String state;

    @JsonPropertyDescription("Object key of the JPEG of the picture at the onset.")
    private String thumbnail;

    @JsonPropertyDescription(
            "Object key of the clip around the onset (MPEG-TS, or Matroska for codecs TS cannot carry).")
    private String clip;

    @JsonPropertyDescription("Where the onset is in the clip, seconds from its start.")
    private Double onsetSec;

    @JsonPropertyDescription("Presigned or gateway URL of the thumbnail, when the pool configures links; may expire.")
    private String thumbnailUrl;

    @JsonPropertyDescription("Presigned or gateway URL of the clip, when the pool configures links; may expire.")
    private String clipUrl;

    @JsonPropertyDescription("Why the evidence is lost, e.g. the store could not be reached.")
    private String reason;

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getThumbnail() {
        return thumbnail;
    }

    public void setThumbnail(String thumbnail) {
        this.thumbnail = thumbnail;
    }

    public String getClip() {
        return clip;
    }

    public void setClip(String clip) {
        this.clip = clip;
    }

    public Double getOnsetSec() {
        return onsetSec;
    }

    public void setOnsetSec(Double onsetSec) {
        this.onsetSec = onsetSec;
    }

    public String getThumbnailUrl() {
        return thumbnailUrl;
    }

    public void setThumbnailUrl(String thumbnailUrl) {
        this.thumbnailUrl = thumbnailUrl;
    }

    public String getClipUrl() {
        return clipUrl;
    }

    public void setClipUrl(String clipUrl) {
        this.clipUrl = clipUrl;
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
        DefectEvidence that = (DefectEvidence) o;
        return Objects.equals(state, that.state)
                && Objects.equals(thumbnail, that.thumbnail)
                && Objects.equals(clip, that.clip)
                && Objects.equals(onsetSec, that.onsetSec)
                && Objects.equals(thumbnailUrl, that.thumbnailUrl)
                && Objects.equals(clipUrl, that.clipUrl)
                && Objects.equals(reason, that.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, thumbnail, clip, onsetSec, thumbnailUrl, clipUrl, reason);
    }

    @Override
    public String toString() {
        return "DefectEvidence{state=" + state + ", thumbnail=" + thumbnail + ", clip=" + clip + ", reason=" + reason
                + "}";
    }
}
