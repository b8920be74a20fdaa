package dev.vigil.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * What the manifest detector last read from an HLS playlist or DASH MPD. Refreshed at most every 30 s (and at once
 * when the ladder or target duration changes), so {@code ageSec} is a coarse figure; an open {@code manifest}
 * defect carries the exact one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "format",
    "targetDurationSec",
    "windowSec",
    "segments",
    "renditions",
    "rendition",
    "mediaSequence",
    "ageSec"
})
public class ManifestInfo {

    @JsonPropertyDescription("hls or dash.")
    private String format;

    @JsonPropertyDescription("HLS EXT-X-TARGETDURATION; DASH: the longest segment, seconds.")
    private Double targetDurationSec;

    @JsonPropertyDescription("Media the playlist (or MPD timeline) lists, seconds.")
    private Double windowSec;

    @JsonPropertyDescription("Segments the playlist lists.")
    private Integer segments;

    @JsonPropertyDescription("Renditions checked (HLS variant and media playlists, DASH representations).")
    private Integer renditions;

    @Size(max = 128)
    @JsonPropertyDescription("The rendition the decoder follows, e.g. 1280x720@2500000.")
    private String rendition;

    @JsonPropertyDescription("Media sequence number of the newest segment (DASH: its $Number$ or index).")
    private Long mediaSequence;

    @JsonPropertyDescription("Seconds since the playlist last gained a segment, when it was read.")
    private Double ageSec;

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public Double getTargetDurationSec() {
        return targetDurationSec;
    }

    public void setTargetDurationSec(Double targetDurationSec) {
        this.targetDurationSec = targetDurationSec;
    }

    public Double getWindowSec() {
        return windowSec;
    }

    public void setWindowSec(Double windowSec) {
        this.windowSec = windowSec;
    }

    public Integer getSegments() {
        return segments;
    }

    public void setSegments(Integer segments) {
        this.segments = segments;
    }

    public Integer getRenditions() {
        return renditions;
    }

    public void setRenditions(Integer renditions) {
        this.renditions = renditions;
    }

    public String getRendition() {
        return rendition;
    }

    public void setRendition(String rendition) {
        this.rendition = rendition;
    }

    public Long getMediaSequence() {
        return mediaSequence;
    }

    public void setMediaSequence(Long mediaSequence) {
        this.mediaSequence = mediaSequence;
    }

    public Double getAgeSec() {
        return ageSec;
    }

    public void setAgeSec(Double ageSec) {
        this.ageSec = ageSec;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        ManifestInfo that = (ManifestInfo) o;
        return Objects.equals(format, that.format)
                && Objects.equals(targetDurationSec, that.targetDurationSec)
                && Objects.equals(windowSec, that.windowSec)
                && Objects.equals(segments, that.segments)
                && Objects.equals(renditions, that.renditions)
                && Objects.equals(rendition, that.rendition)
                && Objects.equals(mediaSequence, that.mediaSequence)
                && Objects.equals(ageSec, that.ageSec);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                format, targetDurationSec, windowSec, segments, renditions, rendition, mediaSequence, ageSec);
    }

    @Override
    public String toString() {
        return "ManifestInfo{format=" + format + ", targetDurationSec=" + targetDurationSec + ", windowSec=" + windowSec
                + ", segments=" + segments + ", renditions=" + renditions + ", rendition=" + rendition
                + ", mediaSequence=" + mediaSequence + ", ageSec=" + ageSec + "}";
    }
}
