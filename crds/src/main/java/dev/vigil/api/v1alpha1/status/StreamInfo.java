package dev.vigil.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * What the decoder found in the stream at the last connect, and for HLS/DASH what the manifest says; absent fields are
 * not present or not known.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "codec",
    "resolution",
    "fps",
    "audioCodec",
    "audioLayout",
    "sampleRate",
    "bitrate",
    "decode",
    "manifest"
})
public class StreamInfo {

    @JsonPropertyDescription("Video codec, e.g. h264.")
    private String codec;

    @JsonPropertyDescription("Width x height, e.g. 1920x1080.")
    private String resolution;

    @JsonPropertyDescription("Frames per second.")
    private Double fps;

    @JsonPropertyDescription("Audio codec, e.g. aac.")
    private String audioCodec;

    @JsonPropertyDescription("Audio channel layout, e.g. stereo or 5.1.")
    private String audioLayout;

    @JsonPropertyDescription("Audio sample rate, Hz.")
    private Integer sampleRate;

    @JsonPropertyDescription("Total bit rate, bits per second, when the container tells.")
    private Long bitrate;

    @JsonPropertyDescription("How the worker decodes the video: profile, what it decodes now, escalations.")
    private DecodeInfo decode;

    @JsonPropertyDescription("HLS/DASH sources watched by the manifest detector: what the playlist or MPD says.")
    private ManifestInfo manifest;

    public String getCodec() {
        return codec;
    }

    public void setCodec(String codec) {
        this.codec = codec;
    }

    public String getResolution() {
        return resolution;
    }

    public void setResolution(String resolution) {
        this.resolution = resolution;
    }

    public Double getFps() {
        return fps;
    }

    public void setFps(Double fps) {
        this.fps = fps;
    }

    public String getAudioCodec() {
        return audioCodec;
    }

    public void setAudioCodec(String audioCodec) {
        this.audioCodec = audioCodec;
    }

    public String getAudioLayout() {
        return audioLayout;
    }

    public void setAudioLayout(String audioLayout) {
        this.audioLayout = audioLayout;
    }

    public Integer getSampleRate() {
        return sampleRate;
    }

    public void setSampleRate(Integer sampleRate) {
        this.sampleRate = sampleRate;
    }

    public Long getBitrate() {
        return bitrate;
    }

    public void setBitrate(Long bitrate) {
        this.bitrate = bitrate;
    }

    public DecodeInfo getDecode() {
        return decode;
    }

    public void setDecode(DecodeInfo decode) {
        this.decode = decode;
    }

    public ManifestInfo getManifest() {
        return manifest;
    }

    public void setManifest(ManifestInfo manifest) {
        this.manifest = manifest;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        StreamInfo that = (StreamInfo) o;
        return Objects.equals(codec, that.codec)
                && Objects.equals(resolution, that.resolution)
                && Objects.equals(fps, that.fps)
                && Objects.equals(audioCodec, that.audioCodec)
                && Objects.equals(audioLayout, that.audioLayout)
                && Objects.equals(sampleRate, that.sampleRate)
                && Objects.equals(bitrate, that.bitrate)
                && Objects.equals(decode, that.decode)
                && Objects.equals(manifest, that.manifest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(codec, resolution, fps, audioCodec, audioLayout, sampleRate, bitrate, decode, manifest);
    }

    @Override
    public String toString() {
        return "StreamInfo{codec=" + codec + ", resolution=" + resolution + ", fps=" + fps + ", audioCodec="
                + audioCodec + ", audioLayout=" + audioLayout + ", sampleRate=" + sampleRate + ", bitrate=" + bitrate
                + ", decode=" + decode + ", manifest=" + manifest + "}";
    }
}
