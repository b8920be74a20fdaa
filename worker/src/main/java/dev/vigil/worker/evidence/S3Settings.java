package dev.vigil.worker.evidence;

import java.net.URI;
import java.time.Duration;

/**
 * Where evidence goes in S3-compatible object storage, and how links to it are made.
 *
 * @param bucket         the bucket (private: nothing here makes objects public)
 * @param prefix         key prefix, without leading or trailing '/'; may be empty
 * @param endpoint       another S3 service than AWS (MinIO, Ceph RGW, R2 ...), or null for AWS
 * @param region         the signing region (MinIO and Ceph accept any; AWS needs the bucket's)
 * @param forcePathStyle address the bucket in the path ({@code endpoint/bucket/key}), which most S3-compatible
 *                       servers need, rather than as a host name
 * @param presignExpiry  when set, links are presigned GET URLs valid this long (at most 7 days, SigV4's limit)
 * @param urlBase        when set, links are {@code urlBase/key} (a private gateway or CDN in front of the bucket)
 * @param credentials    static credentials, or null for the SDK's default chain (environment variables set from
 *                       the pool's Secret, web identity, instance profile)
 * @param maxAttempts    tries per upload, counting the first (server errors, throttling and timeouts are retried)
 */
public record S3Settings(
        String bucket,
        String prefix,
        URI endpoint,
        String region,
        boolean forcePathStyle,
        Duration presignExpiry,
        String urlBase,
        Credentials credentials,
        int maxAttempts) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final Duration MAX_PRESIGN = Duration.ofDays(7);

    /** An access key pair; {@link #toString()} never shows the secret. */
    public record Credentials(String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "Credentials{accessKeyId=" + accessKeyId + ", secretAccessKey=***}";
        }
    }

    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("evidence bucket is missing");
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        region = region == null || region.isBlank() ? DEFAULT_REGION : region;
        if (presignExpiry != null
                && (presignExpiry.isNegative() || presignExpiry.isZero() || presignExpiry.compareTo(MAX_PRESIGN) > 0)) {
            throw new IllegalArgumentException("presign expiry must be between 1 s and 7 days");
        }
        if (presignExpiry != null && urlBase != null) {
            throw new IllegalArgumentException("give presigned links or a URL base, not both");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
    }

    public static S3Settings of(String bucket) {
        return new S3Settings(bucket, "", null, DEFAULT_REGION, false, null, null, null, 3);
    }

    public S3Settings withEndpoint(URI uri, boolean pathStyle) {
        return new S3Settings(bucket, prefix, uri, region, pathStyle, presignExpiry, urlBase, credentials, maxAttempts);
    }

    public S3Settings withPrefix(String p) {
        return new S3Settings(
                bucket, p, endpoint, region, forcePathStyle, presignExpiry, urlBase, credentials, maxAttempts);
    }

    public S3Settings withCredentials(Credentials c) {
        return new S3Settings(bucket, prefix, endpoint, region, forcePathStyle, presignExpiry, urlBase, c, maxAttempts);
    }

    public S3Settings withPresignExpiry(Duration d) {
        return new S3Settings(bucket, prefix, endpoint, region, forcePathStyle, d, urlBase, credentials, maxAttempts);
    }

    public S3Settings withUrlBase(String base) {
        return new S3Settings(
                bucket, prefix, endpoint, region, forcePathStyle, presignExpiry, base, credentials, maxAttempts);
    }

    public S3Settings withMaxAttempts(int n) {
        return new S3Settings(bucket, prefix, endpoint, region, forcePathStyle, presignExpiry, urlBase, credentials, n);
    }
}
