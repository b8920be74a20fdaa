package dev.vigil.worker.detect.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.worker.source.InputCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a playlist may point the worker at: http and https only, never down from https; credentials stay home. */
class ManifestUrlsTest {

    private static final URI PLAYLIST = URI.create("https://cdn.example.com/live/master.m3u8");

    @Test
    void listedUrisResolveAgainstTheirPlaylist() throws Exception {
        assertThat(ManifestUrls.resolve(PLAYLIST, "v1/index.m3u8"))
                .hasToString("https://cdn.example.com/live/v1/index.m3u8");
        assertThat(ManifestUrls.resolve(PLAYLIST, "https://edge.example.net/seg1.ts"))
                .hasHost("edge.example.net");
    }

    @Test
    void otherSchemesAndDowngradesAreRefused() {
        assertThatThrownBy(() -> ManifestUrls.resolve(PLAYLIST, "file:///etc/passwd"))
                .hasMessageContaining("'file'");
        assertThatThrownBy(() -> ManifestUrls.resolve(PLAYLIST, "rtmp://host/app"))
                .hasMessageContaining("'rtmp'");
        assertThatThrownBy(() -> ManifestUrls.resolve(PLAYLIST, "http://cdn.example.com/plain.ts"))
                .hasMessageContaining("https to http");
        assertThatThrownBy(() -> ManifestUrls.redirect(PLAYLIST, "gopher://x/")).hasMessageContaining("'gopher'");
        assertThatThrownBy(() -> ManifestUrls.source("srt://encoder:9000")).hasMessageContaining("'srt'");
    }

    @Test
    void theDecoderGetsCredentialsOnlyOnTheSourceOrigin() {
        ManifestHttp http = new ManifestHttp(
                URI.create("https://viewer:s3cret@cdn.example.com/live/master.m3u8"), Duration.ofSeconds(1));
        assertThat(http.base()).hasToString("https://cdn.example.com/live/master.m3u8");
        // the rendition the decoder follows is named without credentials; the source policy adds the source's own
        // when it opens it, and only on the source's origin
        String sameOrigin = http.forDecoder(URI.create("https://cdn.example.com/live/v1.m3u8"));
        String elsewhere = http.forDecoder(URI.create("https://other.example.net/live/v1.m3u8"));
        assertThat(sameOrigin).isEqualTo("https://cdn.example.com/live/v1.m3u8");
        assertThat(elsewhere).isEqualTo("https://other.example.net/live/v1.m3u8");
        InputCredentials credentials =
                InputCredentials.forSource("https://cdn.example.com/live/master.m3u8", "viewer:s3cret", Map.of());
        assertThat(credentials.applyTo(sameOrigin)).isEqualTo("https://viewer:s3cret@cdn.example.com/live/v1.m3u8");
        assertThat(credentials.applyTo(elsewhere)).isEqualTo(elsewhere);
        assertThat(HlsRenditionChecks.shown(URI.create("https://cdn.example.com/seg1.ts?token=abc")))
                .doesNotContain("abc");
    }
}
