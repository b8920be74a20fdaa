package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.api.v1alpha1.validation.Rules;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;
import java.util.Objects;

/** The stream a monitor watches: an FFmpeg input URL, credentials, and FFmpeg protocol options. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"url", "secretRef", "options", "openTimeoutSec", "readTimeoutSec"})
public class SourceSpec {

    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_OPTIONS = 32;
    /** Default of both timeouts, applied by the worker when a timeout is not set. */
    public static final int DEFAULT_TIMEOUT_SEC = 10;

    @Required
    @Size(min = 1, max = MAX_URL_LENGTH)
    @ValidationRule(value = Rules.SOURCE_URL, message = Rules.SOURCE_URL_MESSAGE)
    @JsonPropertyDescription("Input URL as FFmpeg reads it. Schemes: file, http, https (progressive, HLS .m3u8,"
            + " DASH .mpd), rtmp, rtmps, rtsp, rtsps, srt, udp, rtp. Put credentials in secretRef, not here.")
    private String url;

    @JsonPropertyDescription("Secret in the monitor's namespace holding credentials or keys for the source.")
    private SourceSecretRef secretRef;

    @Size(max = MAX_OPTIONS)
    @JsonPropertyDescription("FFmpeg protocol and demuxer options, passed as given (for example"
            + " live_start_index: \"-3\", or rw_timeout). Use them to pick an HLS rendition, set SRT latency and the like.")
    private Map<String, String> options;

    @Min(1)
    @Max(300)
    @JsonPropertyDescription("Seconds to wait for the source to open before a retry. Default 10.")
    private Integer openTimeoutSec;

    @Min(1)
    @Max(300)
    @JsonPropertyDescription("Seconds a read may block before the connection is dropped and reopened. Default 10.")
    private Integer readTimeoutSec;

    public SourceSpec() {
    }

    public SourceSpec(String url) {
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public SourceSecretRef getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(SourceSecretRef secretRef) {
        this.secretRef = secretRef;
    }

    public Map<String, String> getOptions() {
        return options;
    }

    public void setOptions(Map<String, String> options) {
        this.options = options;
    }

    public Integer getOpenTimeoutSec() {
        return openTimeoutSec;
    }

    public void setOpenTimeoutSec(Integer openTimeoutSec) {
        this.openTimeoutSec = openTimeoutSec;
    }

    public Integer getReadTimeoutSec() {
        return readTimeoutSec;
    }

    public void setReadTimeoutSec(Integer readTimeoutSec) {
        this.readTimeoutSec = readTimeoutSec;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        SourceSpec that = (SourceSpec) o;
        return Objects.equals(url, that.url)
                && Objects.equals(secretRef, that.secretRef)
                && Objects.equals(options, that.options)
                && Objects.equals(openTimeoutSec, that.openTimeoutSec)
                && Objects.equals(readTimeoutSec, that.readTimeoutSec);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, secretRef, options, openTimeoutSec, readTimeoutSec);
    }

    @Override
    public String toString() {
        return "SourceSpec{url=" + url + ", secretRef=" + secretRef + ", options=" + options + ", openTimeoutSec=" + openTimeoutSec + ", readTimeoutSec=" + readTimeoutSec + "}";
    }
}
