package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.api.v1alpha1.validation.Rules;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Where a pool's workers keep the evidence of defects — a JPEG of the picture at the onset and a clip of the
 * seconds around it, stream-copied — in S3-compatible object storage. Objects are keyed
 * {@code <prefix>/<namespace>/<monitor>/<start>-<type>.{jpg,ts}} and written private; retention is the
 * bucket's lifecycle rule. Credentials come from a Secret of the pool's namespace (entries {@code accessKeyId},
 * {@code secretAccessKey}, optionally {@code sessionToken}), else from the SDK's default chain (IRSA, instance
 * profile).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "bucket",
    "prefix",
    "endpoint",
    "region",
    "forcePathStyle",
    "credentialsSecret",
    "presignExpirySec",
    "urlBase",
    "beforeSec",
    "afterSec",
    "clips",
    "perStreamPerHour"
})
@ValidationRule(value = Rules.EVIDENCE_ONE_LINK_KIND, message = Rules.EVIDENCE_ONE_LINK_KIND_MESSAGE)
public class EvidenceSpec {

    /** The worker's environment variable with this spec as JSON (credentialsSecret left out), set by the operator. */
    public static final String WORKER_ENV = "VIGIL_EVIDENCE";

    public static final String ACCESS_KEY_ID = "accessKeyId";
    public static final String SECRET_ACCESS_KEY = "secretAccessKey";
    public static final String SESSION_TOKEN = "sessionToken";
    public static final double DEFAULT_SIDE_SEC = 5;
    public static final int DEFAULT_PER_STREAM_PER_HOUR = 30;

    @Required
    @Size(min = 3, max = 63)
    @Pattern("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
    @JsonPropertyDescription("Bucket of the evidence objects; keep it private.")
    private String bucket;

    @Size(max = 256)
    @Pattern("^[A-Za-z0-9][A-Za-z0-9._/-]*$")
    @JsonPropertyDescription("Key prefix, e.g. vigil/prod. Default: none.")
    private String prefix;

    @Size(max = 512)
    @Pattern("^https?://[^/?#]+/?$")
    @JsonPropertyDescription(
            "S3 endpoint for another service than AWS (MinIO, Ceph, R2), e.g. http://minio.storage:9000."
                    + " Default: AWS.")
    private String endpoint;

    @Size(max = 64)
    @Pattern("^[a-z0-9-]+$")
    @JsonPropertyDescription("Signing region. Default: us-east-1.")
    private String region;

    @JsonPropertyDescription(
            "Address the bucket in the path (endpoint/bucket/key), as MinIO and Ceph need. Default: false.")
    private Boolean forcePathStyle;

    @Size(min = 1, max = 253)
    @JsonPropertyDescription(
            "Secret of the pool's namespace with entries accessKeyId and secretAccessKey (and optionally"
                    + " sessionToken). Default: the SDK's default credentials (IRSA, instance profile).")
    private String credentialsSecret;

    @Min(60)
    @Max(604800)
    @JsonPropertyDescription(
            "When set, status, Events and webhooks also carry presigned GET URLs valid this many seconds"
                    + " (60 to 604800). They grant read access to that object until they expire.")
    private Integer presignExpirySec;

    @Size(max = 512)
    @Pattern("^https?://.+")
    @JsonPropertyDescription(
            "When set, links are urlBase/key: a gateway or CDN in front of the bucket that does its own"
                    + " access control.")
    private String urlBase;

    @Min(0)
    @Max(30)
    @JsonPropertyDescription("Clip seconds before the onset (from the key frame before it). Default: 5.")
    private Double beforeSec;

    @Min(0)
    @Max(30)
    @JsonPropertyDescription("Clip seconds after the onset. Default: 5.")
    private Double afterSec;

    @JsonPropertyDescription("Take clips as well as thumbnails. Default: true.")
    private Boolean clips;

    @Min(0)
    @Max(3600)
    @JsonPropertyDescription("Captures per stream and hour after a burst of 3 (a defect storm leaves later defects"
            + " without evidence). Default: 30.")
    private Integer perStreamPerHour;

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public Boolean getForcePathStyle() {
        return forcePathStyle;
    }

    public void setForcePathStyle(Boolean forcePathStyle) {
        this.forcePathStyle = forcePathStyle;
    }

    public String getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(String credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }

    public Integer getPresignExpirySec() {
        return presignExpirySec;
    }

    public void setPresignExpirySec(Integer presignExpirySec) {
        this.presignExpirySec = presignExpirySec;
    }

    public String getUrlBase() {
        return urlBase;
    }

    public void setUrlBase(String urlBase) {
        this.urlBase = urlBase;
    }

    public Double getBeforeSec() {
        return beforeSec;
    }

    public void setBeforeSec(Double beforeSec) {
        this.beforeSec = beforeSec;
    }

    public Double getAfterSec() {
        return afterSec;
    }

    public void setAfterSec(Double afterSec) {
        this.afterSec = afterSec;
    }

    public Boolean getClips() {
        return clips;
    }

    public void setClips(Boolean clips) {
        this.clips = clips;
    }

    public Integer getPerStreamPerHour() {
        return perStreamPerHour;
    }

    public void setPerStreamPerHour(Integer perStreamPerHour) {
        this.perStreamPerHour = perStreamPerHour;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        EvidenceSpec that = (EvidenceSpec) o;
        return Objects.equals(bucket, that.bucket)
                && Objects.equals(prefix, that.prefix)
                && Objects.equals(endpoint, that.endpoint)
                && Objects.equals(region, that.region)
                && Objects.equals(forcePathStyle, that.forcePathStyle)
                && Objects.equals(credentialsSecret, that.credentialsSecret)
                && Objects.equals(presignExpirySec, that.presignExpirySec)
                && Objects.equals(urlBase, that.urlBase)
                && Objects.equals(beforeSec, that.beforeSec)
                && Objects.equals(afterSec, that.afterSec)
                && Objects.equals(clips, that.clips)
                && Objects.equals(perStreamPerHour, that.perStreamPerHour);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                bucket,
                prefix,
                endpoint,
                region,
                forcePathStyle,
                credentialsSecret,
                presignExpirySec,
                urlBase,
                beforeSec,
                afterSec,
                clips,
                perStreamPerHour);
    }

    @Override
    public String toString() {
        return "EvidenceSpec{bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpoint + ", region=" + region
                + ", credentialsSecret=" + credentialsSecret + "}";
    }
}
