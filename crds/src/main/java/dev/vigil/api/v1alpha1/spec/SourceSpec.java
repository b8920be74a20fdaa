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

/**
 * The stream a monitor watches: an FFmpeg input URL, credentials, and FFmpeg protocol options. Untrusted input:
 * the URL must have the whole shape of its scheme and the options come from an allowlist
 * ({@link dev.vigil.api.v1alpha1.validation.SourceRules}), checked at the door and again by the worker.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"url", "secretRef", "options", "openTimeoutSec", "readTimeoutSec"})
@ValidationRule(value = Rules.SOURCE_OPTION_SCHEME, message = Rules.SOURCE_OPTION_SCHEME_MESSAGE)
public class SourceSpec {

    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_OPTIONS = 32;
    public static final int MAX_OPTION_VALUE_LENGTH = 512;
    /** Default of both timeouts, applied by the worker when a timeout is not set. */
    public static final int DEFAULT_TIMEOUT_SEC = 10;

    @Required
    @Size(min = 1, max = MAX_URL_LENGTH)
    @ValidationRule(value = Rules.SOURCE_URL, message = Rules.SOURCE_URL_MESSAGE)
    @ValidationRule(value = Rules.SOURCE_URL_FILE, message = Rules.SOURCE_URL_FILE_MESSAGE)
    @ValidationRule(value = Rules.SOURCE_URL_SERVER, message = Rules.SOURCE_URL_SERVER_MESSAGE)
    @ValidationRule(value = Rules.SOURCE_URL_SRT, message = Rules.SOURCE_URL_SRT_MESSAGE)
    @ValidationRule(value = Rules.SOURCE_URL_DATAGRAM, message = Rules.SOURCE_URL_DATAGRAM_MESSAGE)
    @JsonPropertyDescription("Input URL as FFmpeg reads it. Schemes: file (only below a directory the WorkerPool lists"
            + " in spec.sources.filePaths), http, https (progressive, HLS .m3u8, DASH .mpd), rtmp, rtmps, rtsp, rtsps,"
            + " srt, udp, rtp; each must have the whole shape of its scheme (docs/security.md). No credentials here:"
            + " they go in secretRef.")
    private String url;

    @JsonPropertyDescription("Secret in the monitor's namespace holding credentials or keys for the source.")
    private SourceSecretRef secretRef;

    @Size(max = MAX_OPTIONS)
    @ValidationRule(value = Rules.SOURCE_OPTION_KEYS, message = Rules.SOURCE_OPTION_KEYS_MESSAGE)
    @ValidationRule(value = Rules.SOURCE_OPTION_VALUES, message = Rules.SOURCE_OPTION_VALUES_MESSAGE)
    @JsonPropertyDescription("FFmpeg protocol and demuxer options from an allowlist, each with values of its kind"
            + " (for example live_start_index: \"-3\" to pick where an HLS stream starts, latency for SRT). Timeouts"
            + " are the worker's (openTimeoutSec, readTimeoutSec) and always win; see docs/security.md for the list.")
    private Map<String, @Size(max = MAX_OPTION_VALUE_LENGTH) String> options;

    @Min(1)
    @Max(300)
    @JsonPropertyDescription("Seconds to wait for the source to open before a retry. Default 10.")
    private Integer openTimeoutSec;

    @Min(1)
    @Max(300)
    @JsonPropertyDescription("Seconds a read may block before the connection is dropped and reopened. Default 10.")
    private Integer readTimeoutSec;

    public SourceSpec() {}

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
        return "SourceSpec{url=" + url + ", secretRef=" + secretRef + ", options=" + options + ", openTimeoutSec="
                + openTimeoutSec + ", readTimeoutSec=" + readTimeoutSec + "}";
    }
}
