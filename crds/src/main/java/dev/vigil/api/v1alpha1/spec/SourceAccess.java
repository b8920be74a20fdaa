package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.api.v1alpha1.validation.Rules;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * What the sources of the monitors a pool runs may reach beyond the network streams every pool reads. Both are
 * off by default: a monitor author controls the URL a worker opens, so local files and listening sockets are
 * the pool owner's decision, not the monitor's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"filePaths", "listen"})
public class SourceAccess {

    /** How the operator hands these to a pool's workers: environment variables of the worker container. */
    public static final String ENV_FILE_PATHS = "VIGIL_POOL_FILE_PATHS";

    public static final String ENV_LISTEN = "VIGIL_POOL_SOURCES_LISTEN";

    public static final int MAX_FILE_PATHS = 16;
    public static final int MAX_FILE_PATH_LENGTH = 256;

    @Size(max = MAX_FILE_PATHS)
    @ValidationRule(value = Rules.FILE_PATHS, message = Rules.FILE_PATHS_MESSAGE)
    @JsonPropertyDescription("Directories (absolute, ending in '/') below which file:// sources may be read. Empty:"
            + " no file sources. The worker resolves links before it checks, and reads regular files only.")
    private List<@Size(max = MAX_FILE_PATH_LENGTH) String> filePaths;

    @Default("false")
    @JsonPropertyDescription("Allow sources that make the worker listen for the sender: srt mode=listener, rtmp"
            + " listen, rtsp_flags=listen. Default false (udp and rtp receive datagrams either way).")
    private Boolean listen;

    public List<String> getFilePaths() {
        return filePaths;
    }

    public void setFilePaths(List<String> filePaths) {
        this.filePaths = filePaths;
    }

    public Boolean getListen() {
        return listen;
    }

    public void setListen(Boolean listen) {
        this.listen = listen;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        SourceAccess that = (SourceAccess) o;
        return Objects.equals(filePaths, that.filePaths) && Objects.equals(listen, that.listen);
    }

    @Override
    public int hashCode() {
        return Objects.hash(filePaths, listen);
    }

    @Override
    public String toString() {
        return "SourceAccess{filePaths=" + filePaths + ", listen=" + listen + "}";
    }
}
