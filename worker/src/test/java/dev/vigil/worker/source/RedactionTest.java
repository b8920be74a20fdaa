package dev.vigil.worker.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.notify.SafeText;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Credentials in URLs, as real services put them there, are masked in everything Vigil writes ({@link Redaction}:
 * logs, status); Events and webhooks drop the URL whole ({@link SafeText}), query and all.
 */
class RedactionTest {

    static Stream<Arguments> urls() {
        return Stream.of(
                // user info
                Arguments.of(
                        "rtmp://publisher:hunter2@ingest.example.com/live/a",
                        "rtmp://***@ingest.example.com/live/a",
                        "hunter2"),
                Arguments.of("https://user@cdn.example.com/a.m3u8", "https://***@cdn.example.com/a.m3u8", "user@"),
                // generic and OAuth
                Arguments.of(
                        "https://cdn/a.m3u8?access_token=ya29.a0Af", "https://cdn/a.m3u8?access_token=***", "ya29"),
                Arguments.of(
                        "https://cdn/a.m3u8?api_key=AKxyz123&x=1", "https://cdn/a.m3u8?api_key=***&x=1", "AKxyz123"),
                Arguments.of("https://cdn/a.m3u8?APIKEY=k1k2k3", "https://cdn/a.m3u8?APIKEY=***", "k1k2k3"),
                Arguments.of("https://cdn/a.m3u8?x=1&token=abc.def", "https://cdn/a.m3u8?x=1&token=***", "abc.def"),
                Arguments.of("https://cdn/a.m3u8?auth=s3cr3t", "https://cdn/a.m3u8?auth=***", "s3cr3t"),
                Arguments.of("https://cdn/a.m3u8?sig=Zm9vYmFy#frag", "https://cdn/a.m3u8?sig=***#frag", "Zm9vYmFy"),
                Arguments.of(
                        "https://cdn/a.m3u8?client_secret=cs-1&code=oauth-code",
                        "https://cdn/a.m3u8?client_secret=***&code=***",
                        "cs-1"),
                Arguments.of(
                        "srt://enc:9000?mode=caller&passphrase=long-pass-phrase",
                        "srt://enc:9000?mode=caller&passphrase=***",
                        "long-pass-phrase"),
                // AWS SigV4 presigned and CloudFront signed
                Arguments.of(
                        "https://b.s3.amazonaws.com/v.ts?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                                + "&X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request"
                                + "&X-Amz-Signature=0123456789abcdef&X-Amz-Security-Token=FwoGZXIvYXdzE",
                        "https://b.s3.amazonaws.com/v.ts?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***"
                                + "&X-Amz-Signature=***&X-Amz-Security-Token=***",
                        "AKIAEXAMPLE"),
                Arguments.of(
                        "https://d1.cloudfront.net/a.m3u8?Policy=eyJT&Signature=Ab~c&Key-Pair-Id=K2JCJMDEHXQW5F",
                        "https://d1.cloudfront.net/a.m3u8?Policy=***&Signature=***&Key-Pair-Id=***",
                        "K2JCJMDEHXQW5F"),
                // Google Cloud Storage, Azure SAS
                Arguments.of(
                        "https://storage.googleapis.com/b/o?X-Goog-Credential=sa%40p.iam&X-Goog-Signature=9f8e",
                        "https://storage.googleapis.com/b/o?X-Goog-Credential=***&X-Goog-Signature=***", "9f8e"),
                Arguments.of(
                        "https://acct.blob.core.windows.net/c/v.ts?sv=2022-11-02&se=2026-01-01&sig=abc%2Bdef%3D",
                        "https://acct.blob.core.windows.net/c/v.ts?sv=2022-11-02&se=2026-01-01&sig=***", "abc%2Bdef"),
                // streaming servers and CDNs
                Arguments.of(
                        "https://cdn.akamai.example/a.m3u8?hdnts=exp=1~acl=/*~hmac=beef",
                        "https://cdn.akamai.example/a.m3u8?hdnts=***",
                        "beef"),
                Arguments.of(
                        "https://w.example/live/a.m3u8?wmsAuthSign=c2VydmVy",
                        "https://w.example/live/a.m3u8?wmsAuthSign=***",
                        "c2VydmVy"),
                Arguments.of("rtmp://ingest/live?streamkey=sk-123", "rtmp://ingest/live?streamkey=***", "sk-123"),
                // left alone: nothing secret (a value runs to the next &, # or space: better too much than too little)
                Arguments.of(
                        "https://cdn/a.m3u8?start=10&bitrate=3000",
                        "https://cdn/a.m3u8?start=10&bitrate=3000",
                        "\u0000"),
                Arguments.of(
                        "cannot open https://cdn/a.m3u8?token=t0k: 403 Forbidden",
                        "cannot open https://cdn/a.m3u8?token=*** 403 Forbidden",
                        "t0k"));
    }

    @ParameterizedTest
    @MethodSource("urls")
    void credentialsAreMasked(String url, String redacted, String secret) {
        assertThat(Redaction.redact(url)).isEqualTo(redacted).doesNotContain(secret);
    }

    @ParameterizedTest
    @MethodSource("urls")
    void eventsAndWebhooksDropTheWholeUrl(String url, String redacted, String secret) {
        String safe = SafeText.of("source down: " + url);
        assertThat(safe).startsWith("source down: ").doesNotContain(secret).doesNotContain("?");
    }
}
