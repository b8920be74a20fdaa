package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceCredentialsTest {

    private final SourceCredentials creds = new SourceCredentials("operator", "p@ss word/1", "long-srt-passphrase");

    @Test
    void userAndPasswordGoIntoTheUrlEncoded() {
        assertThat(creds.applyToUrl("rtsp://cam.example:554/live"))
                .isEqualTo("rtsp://operator:p%40ss%20word%2F1@cam.example:554/live");
        assertThat(creds.applyToUrl("rtmp://old:creds@origin/app/key"))
                .as("the Secret wins over credentials in the URL")
                .isEqualTo("rtmp://operator:p%40ss%20word%2F1@origin/app/key");
        assertThat(SourceCredentials.NONE.applyToUrl("rtsp://cam/live")).isEqualTo("rtsp://cam/live");
    }

    @Test
    void thePassphraseIsAnSrtOptionOnly() {
        assertThat(creds.options("srt://origin:9000?mode=caller"))
                .isEqualTo(Map.of("passphrase", "long-srt-passphrase"));
        assertThat(creds.options("rtmp://origin/app")).isEmpty();
    }

    @Test
    void valuesNeverShowInText() {
        String url = creds.applyToUrl("rtsp://cam.example/live");
        assertThat(creds.redact("cannot open " + url + " (passphrase long-srt-passphrase)"))
                .doesNotContain("p@ss", "p%40ss", "long-srt-passphrase", "operator");
        assertThat(creds.toString()).doesNotContain("p@ss", "long-srt-passphrase", "operator");
    }
}
