package dev.vigil.worker.evidence;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Evidence in S3-compatible object storage (AWS S3, MinIO, Ceph RGW, Cloudflare R2 ...) through the AWS SDK for
 * Java v2 on the JDK's HTTP client. Every call is bounded (connect 5 s, each attempt 15 s, the whole upload
 * 45 s); server errors, throttling and timeouts are retried with the SDK's standard backoff. Checksums are sent
 * only where S3 requires them, which every S3-compatible server understands. Objects are written private (no
 * ACL): who may read them is the bucket's policy.
 */
public final class S3Store implements EvidenceStore {

    /** After a link could not be signed (no credentials yet), links are not tried again for this long. */
    private static final long UNSIGNABLE_BACKOFF_NANOS = 60_000_000_000L;

    private final S3Settings settings;
    private final AwsCredentialsProvider credentials;
    private final S3Client client;
    private final S3Presigner presigner;
    private volatile long unsignableUntil;

    public S3Store(S3Settings settings) {
        this.settings = settings;
        this.credentials = settings.credentials() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        settings.credentials().accessKeyId(),
                        settings.credentials().secretAccessKey()));
        S3Configuration service = S3Configuration.builder()
                .pathStyleAccessEnabled(settings.forcePathStyle())
                .build();
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(service)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(15)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts())
                                .build())
                        .apiCallAttemptTimeout(Duration.ofSeconds(15))
                        .apiCallTimeout(Duration.ofSeconds(45)));
        var presign = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(service);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
            presign.endpointOverride(settings.endpoint());
        }
        this.client = builder.build();
        this.presigner = settings.presignExpiry() == null ? null : presign.build();
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public void put(String key, byte[] data, String contentType, Map<String, String> metadata)
            throws EvidenceException {
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(settings.bucket())
                .key(key)
                .contentType(contentType)
                .metadata(metadata)
                .build();
        try {
            client.putObject(request, RequestBody.fromBytes(data));
        } catch (SdkServiceException e) {
            throw new EvidenceException(
                    "s3://" + settings.bucket() + " refused " + key + " (HTTP " + e.statusCode()
                            + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + ")",
                    e);
        } catch (SdkException e) {
            throw new EvidenceException(
                    "s3://" + settings.bucket() + " unreachable: " + firstLine(String.valueOf(e.getMessage())), e);
        }
    }

    @Override
    public String link(String key) {
        if (settings.urlBase() != null) {
            return settings.urlBase().replaceAll("/+$", "") + "/" + encodePath(key);
        }
        if (presigner == null || System.nanoTime() < unsignableUntil) {
            return null;
        }
        try {
            return presigner
                    .presignGetObject(p -> p.signatureDuration(settings.presignExpiry())
                            .getObjectRequest(g -> g.bucket(settings.bucket()).key(key)))
                    .url()
                    .toString();
        } catch (SdkException e) {
            // no credentials to sign with: the key stands alone, and the (possibly slow) lookup waits a while
            unsignableUntil = System.nanoTime() + UNSIGNABLE_BACKOFF_NANOS;
            return null;
        }
    }

    @Override
    public String describe() {
        return "s3://" + settings.bucket() + (settings.prefix().isEmpty() ? "" : "/" + settings.prefix())
                + (settings.endpoint() == null ? "" : " at " + settings.endpoint());
    }

    @Override
    public void close() {
        client.close();
        if (presigner != null) {
            presigner.close();
        }
        if (credentials instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing held that outlives the process
            }
        }
    }

    static String encodePath(String key) {
        StringBuilder b = new StringBuilder();
        for (String segment : key.split("/", -1)) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
