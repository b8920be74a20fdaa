package dev.vigil.worker.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.worker.testing.S3Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The S3 store against a real S3 server (S3Proxy) on loopback: uploads, metadata, retries, links, a dead server. */
@Timeout(120)
class S3StoreTest {

    private static final String BUCKET = "evidence";
    private static final byte[] DATA = "not really a JPEG, but bytes all the same".getBytes();

    private S3Server server;

    @BeforeEach
    void start() throws Exception {
        server = S3Server.start(BUCKET);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private S3Settings settings() {
        return S3Settings.of(BUCKET)
                .withEndpoint(server.endpoint(), true)
                .withCredentials(new S3Settings.Credentials(S3Server.ACCESS_KEY, S3Server.SECRET_KEY));
    }

    @Test
    void storesObjectsWithTheirTypeAndMetadata() throws Exception {
        try (S3Store store = new S3Store(settings())) {
            store.put(
                    "vigil/ns/m/20260101T000000.000Z-black.jpg",
                    DATA,
                    "image/jpeg",
                    Map.of("vigil-type", "black", "vigil-severity", "major", "vigil-start-sec", "12.040"));
        }
        String key = "vigil/ns/m/20260101T000000.000Z-black.jpg";
        assertThat(server.bytes(BUCKET, key)).isEqualTo(DATA);
        assertThat(server.object(BUCKET, key).getMetadata().getContentMetadata().getContentType())
                .isEqualTo("image/jpeg");
        assertThat(server.metadata(BUCKET, key))
                .containsEntry("vigil-type", "black")
                .containsEntry("vigil-severity", "major")
                .containsEntry("vigil-start-sec", "12.040");
    }

    @Test
    void serverErrorsAreRetried() throws Exception {
        server.failNextUploads(2);
        try (S3Store store = new S3Store(settings())) {
            store.put("k.ts", DATA, "video/mp2t", Map.of());
        }
        assertThat(server.uploadAttempts()).as("two failures, then success").isEqualTo(3);
        assertThat(server.bytes(BUCKET, "k.ts")).isEqualTo(DATA);
    }

    @Test
    void aServerThatKeepsFailingIsGivenUpOnAfterTheLastAttempt() throws Exception {
        server.failNextUploads(100);
        try (S3Store store = new S3Store(settings().withMaxAttempts(3))) {
            assertThatThrownBy(() -> store.put("k.ts", DATA, "video/mp2t", Map.of()))
                    .isInstanceOf(EvidenceException.class)
                    .hasMessageContaining("HTTP 500")
                    .hasMessageNotContaining(S3Server.SECRET_KEY);
        }
        assertThat(server.uploadAttempts()).isEqualTo(3);
        assertThat(server.object(BUCKET, "k.ts")).isNull();
    }

    @Test
    void aStoreThatIsDownFailsPromptlyWithAReason() throws Exception {
        S3Settings settings = settings().withMaxAttempts(2);
        server.stop();
        try (S3Store store = new S3Store(settings)) {
            assertThatThrownBy(() -> store.put("k.ts", DATA, "video/mp2t", Map.of()))
                    .isInstanceOf(EvidenceException.class)
                    .hasMessageContaining("unreachable");
        }
    }

    @Test
    void wrongCredentialsAreRefusedNotRetriedForever() throws Exception {
        S3Settings wrong = settings().withCredentials(new S3Settings.Credentials(S3Server.ACCESS_KEY, "wrong-secret"));
        try (S3Store store = new S3Store(wrong)) {
            assertThatThrownBy(() -> store.put("k.ts", DATA, "video/mp2t", Map.of()))
                    .isInstanceOf(EvidenceException.class)
                    .hasMessageContaining("HTTP 403")
                    .hasMessageNotContaining("wrong-secret");
        }
        assertThat(server.uploadAttempts()).isZero();
    }

    @Test
    void presignedLinksFetchTheObjectAndCarryNoSecret() throws Exception {
        try (S3Store store = new S3Store(settings().withPresignExpiry(Duration.ofMinutes(10)))) {
            store.put("ns/m/a b.jpg", DATA, "image/jpeg", Map.of());
            String link = store.link("ns/m/a b.jpg");
            assertThat(link)
                    .startsWith(server.endpoint() + "/" + BUCKET + "/ns/m/a%20b.jpg?")
                    .contains("X-Amz-Expires=600")
                    .doesNotContain(S3Server.SECRET_KEY);
            HttpResponse<byte[]> got = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(DATA);
        }
        HttpResponse<String> anonymous = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.endpoint() + "/" + BUCKET + "/ns/m/a%20b.jpg"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode())
                .as("objects are written private: no anonymous read")
                .isNotEqualTo(200);
        assertThat(anonymous.body()).doesNotContain(new String(DATA));
    }

    @Test
    void withoutPresigningOrABaseThereIsNoLink() {
        try (S3Store plain = new S3Store(settings());
                S3Store based = new S3Store(settings().withUrlBase("https://evidence.example.com/v/"))) {
            assertThat(plain.link("ns/m/x.jpg")).isNull();
            assertThat(based.link("ns/m/20260101T000000.000Z-model-corruption.jpg"))
                    .isEqualTo("https://evidence.example.com/v/ns/m/20260101T000000.000Z-model-corruption.jpg");
        }
    }

    @Test
    void settingsNeverShowTheSecret() {
        assertThat(settings().toString()).doesNotContain(S3Server.SECRET_KEY);
    }
}
