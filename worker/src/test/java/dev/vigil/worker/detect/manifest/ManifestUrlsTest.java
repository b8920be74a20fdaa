package dev.vigil.worker.detect.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a playlist may point the worker at: http and https only, never down from https; credentials stay home. */
class ManifestUrlsTest {

    private static final URI PLAYLIST = URI.create("https://cdn.example.com/live/master.m3u8");

    @Test
    void listedUrisResolveAgainstTheirPlaylist() throws Exception {
        assertThat(ManifestUrls.resolve(PLAYLIST, "v1/index.m3u8")).hasToString("https://cdn.example.com/live/v1/index.m3u8");
        assertThat(ManifestUrls.resolve(PLAYLIST, "https://edge.example.net/seg1.ts")).hasHost("edge.example.net");
    }

    @Test
    void otherSchemesAndDowngradesAreRefused() {
        assertThatThrownBy(() -> ManifestUrls.resolve(PLAYLIST, "file:///etc/passwd")).hasMessageContaining("'file'");
        assertThatThrownBy(() -> ManifestUrls.resolve(PLAYLIST, "rtmp://host/app")).hasMessageContaining("'rtmp'");
        assertThatThrownBy(() -> ManifestUrls.resolve(PLAYLIST, "http://cdn.example.com/plain.ts"))
                .hasMessageContaining("https to http");
        assertThatThrownBy(() -> ManifestUrls.redirect(PLAYLIST, "gopher://x/")).hasMessageContaining("'gopher'");
        assertThatThrownBy(() -> ManifestUrls.source("srt://encoder:9000")).hasMessageContaining("'srt'");
    }

    @Test
    void theDecoderGetsCredentialsOnlyOnTheSourceOrigin() {
        ManifestHttp http = new ManifestHttp(URI.create("https://viewer:s3cret@cdn.example.com/live/master.m3u8"),
                Duration.ofSeconds(1));
        assertThat(http.base()).hasToString("https://cdn.example.com/live/master.m3u8");
        assertThat(http.forDecoder(URI.create("https://cdn.example.com/live/v1.m3u8")))
                .isEqualTo("https://viewer:s3cret@cdn.example.com/live/v1.m3u8");
        assertThat(http.forDecoder(URI.create("https://other.example.net/live/v1.m3u8")))
                .isEqualTo("https://other.example.net/live/v1.m3u8");
        assertThat(HlsRenditionChecks.shown(URI.create("https://cdn.example.com/seg1.ts?token=abc")))
                .doesNotContain("abc");
    }
}
