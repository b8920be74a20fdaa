package dev.vigil.worker.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.v1alpha1.spec.EvidenceSpec;
import java.net.URI;
import java.time.Duration;

/**
 * A pool's {@code spec.evidence} as the operator hands it to the worker ({@link EvidenceSpec#WORKER_ENV}, JSON):
 * the S3 store and the capture settings. Credentials are not in it: the SDK's default chain reads the
 * {@code AWS_*} variables the pod gets from the pool's Secret (or IRSA, an instance profile).
 */
public final class PoolEvidence {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private PoolEvidence() {}

    /**
     * @return the capture for the pool's workers, or null when {@code json} is null or blank (no evidence)
     * @throws IllegalArgumentException when the settings cannot be read
     */
    public static EvidenceCapture fromJson(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        EvidenceSpec spec;
        try {
            spec = JSON.readValue(json, EvidenceSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    EvidenceSpec.WORKER_ENV + " is not valid JSON: " + e.getOriginalMessage());
        }
        S3Settings s3 = s3(spec);
        return new EvidenceCapture(new S3Store(s3), settings(spec), s3.prefix());
    }

    static S3Settings s3(EvidenceSpec spec) {
        URI endpoint;
        try {
            endpoint = spec.getEndpoint() == null ? null : URI.create(spec.getEndpoint());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("evidence endpoint is not a URL: " + spec.getEndpoint());
        }
        return new S3Settings(
                spec.getBucket(),
                spec.getPrefix(),
                endpoint,
                spec.getRegion(),
                Boolean.TRUE.equals(spec.getForcePathStyle()),
                spec.getPresignExpirySec() == null ? null : Duration.ofSeconds(spec.getPresignExpirySec()),
                spec.getUrlBase(),
                null,
                3);
    }

    static EvidenceSettings settings(EvidenceSpec spec) {
        return EvidenceSettings.DEFAULTS
                .withWindow(
                        spec.getBeforeSec() == null ? EvidenceSpec.DEFAULT_SIDE_SEC : spec.getBeforeSec(),
                        spec.getAfterSec() == null ? EvidenceSpec.DEFAULT_SIDE_SEC : spec.getAfterSec())
                .withClips(spec.getClips() == null || spec.getClips())
                .withStreamBudget(
                        EvidenceSettings.DEFAULTS.streamBurst(),
                        spec.getPerStreamPerHour() == null
                                ? EvidenceSpec.DEFAULT_PER_STREAM_PER_HOUR
                                : spec.getPerStreamPerHour());
    }
}
