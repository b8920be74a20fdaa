package dev.vigil.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source policy on its own: what a cluster worker refuses before anything is opened, which options FFmpeg gets
 * in which order (the worker's timeouts and the protocol whitelist last), and where file sources may lead.
 */
class SourcePolicyTest {

    static final SourceOptions TIMEOUTS = new SourceOptions(Duration.ofSeconds(7), Duration.ofSeconds(3), Map.of());
    static final SourcePolicy STRICT = SourcePolicy.cluster(SourcePermissions.NONE);

    @TempDir
    Path tmp;

    @Test
    void theWorkersTimeoutsWinOverTheSourcesOwnOptions() throws Exception {
        // the command line's policy takes any option, but never over the worker's own
        SourceOptions local = new SourceOptions(
                Duration.ofSeconds(7),
                Duration.ofSeconds(3),
                Map.of(
                        "rw_timeout",
                        "0",
                        "timeout",
                        "-1",
                        "reconnect",
                        "1",
                        "protocol_whitelist",
                        "file,http,tcp",
                        "live_start_index",
                        "-2"));
        FfmpegInput input = SourcePolicy.local().input("https://cdn.example.com/live.m3u8", local);
        assertThat(input.options())
                .containsEntry("rw_timeout", "3000000")
                .containsEntry("timeout", "7000000")
                .containsEntry("reconnect", "0")
                .containsEntry("protocol_whitelist", "http,https,tcp,tls,crypto")
                .containsEntry("live_start_index", "-2");
    }

    @Test
    void eachSchemeGetsTheProtocolsItNeedsAndNoOthers() throws Exception {
        SourcePolicy listening = SourcePolicy.cluster(new SourcePermissions(List.of(), true));
        Map<String, String> expected = Map.of(
                "https://cdn.example.com/live/index.m3u8", "http,https,tcp,tls,crypto",
                "http://cdn.example.com/live/manifest.mpd", "http,https,tcp,tls,crypto",
                "http://cdn.example.com/live.ts", "http,https,tcp,tls,crypto",
                "rtmp://ingest:1935/live/a", "rtmp,rtmps,tcp,tls",
                "rtsp://camera/stream", "rtsp,rtsps,rtp,udp,tcp,tls",
                "srt://encoder:9000?mode=caller", "srt",
                "udp://239.1.1.1:5000", "udp",
                "rtp://239.1.1.1:5004", "rtp,udp");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertThat(listening.input(e.getKey(), TIMEOUTS).options().get("protocol_whitelist"))
                    .as(e.getKey())
                    .isEqualTo(e.getValue());
        }
    }

    @Test
    void aClusterRefusesWhatTheApiWouldRefuseWithTheApisMessage() {
        for (String url : List.of(
                "file://concat:/etc/passwd|/media/a.ts",
                "file://tcp://10.0.0.1:80",
                "file://unix:/x.sock",
                "file://fd:3",
                "file:///media/../etc/passwd",
                "tcp://redis:6379",
                "concat:/a.ts|/b.ts",
                "pipe:0",
                "http://user:pw@cdn/live.m3u8",
                "srt://encoder:9000?timeout=0",
                "udp://239.1.1.1:5000?timeout=0",
                "gopher://internal/",
                "https://cdn/a b.m3u8")) {
            assertThatThrownBy(() -> STRICT.check(url, Map.of())).as(url).isInstanceOf(SourceRefusedException.class);
        }
        for (Map<String, String> options : List.of(
                Map.of("rw_timeout", "0"),
                Map.of("headers", "X: y"),
                Map.of("http_proxy", "http://evil:3128"),
                Map.of("protocol_whitelist", "file,http"),
                Map.of("allowed_extensions", "ALL"),
                Map.of("probesize", "999999999"),
                Map.of("user_agent", "a\r\nCookie: x"),
                Map.of("passphrase", "spec-is-not-secret"))) {
            assertThatThrownBy(() -> STRICT.check("https://cdn/live.m3u8", options))
                    .as(options.toString())
                    .isInstanceOf(SourceRefusedException.class);
        }
        assertThatThrownBy(() -> STRICT.check("https://cdn/live.m3u8", Map.of("rw_timeout", "0")))
                .hasMessageContaining("source.options may only set")
                .hasMessageNotContaining("rw_timeout\"");
    }

    @Test
    void listeningSourcesNeedThePoolsPermission() throws Exception {
        SourcePolicy allowing = SourcePolicy.cluster(new SourcePermissions(List.of(), true));
        for (String[] source : List.of(
                new String[] {"srt://0.0.0.0:9000?mode=listener"},
                new String[] {"rtmp://0.0.0.0:1935/live/a", "listen", "1"},
                new String[] {"rtsp://0.0.0.0:8554/live", "rtsp_flags", "listen"})) {
            Map<String, String> options = source.length == 3 ? Map.of(source[1], source[2]) : Map.of();
            assertThatThrownBy(() -> STRICT.check(source[0], options))
                    .as(source[0])
                    .isInstanceOf(SourceRefusedException.class)
                    .hasMessageContaining("spec.sources.listen: true");
            allowing.check(source[0], options);
        }
        // a listener waits for its sender no longer than the open timeout
        assertThat(allowing.input(
                                "rtmp://0.0.0.0:1935/live/a",
                                new SourceOptions(
                                        Duration.ofSeconds(7), Duration.ofSeconds(3), Map.of("listen", "1"), allowing))
                        .options())
                .containsEntry("timeout", "7");
        assertThat(allowing.input(
                                "rtsp://0.0.0.0:8554/live",
                                new SourceOptions(
                                        Duration.ofSeconds(7),
                                        Duration.ofSeconds(3),
                                        Map.of("rtsp_flags", "listen"),
                                        allowing))
                        .options())
                .containsEntry("listen_timeout", "7");
        // and a caller never gets the options that would imply listening
        assertThat(STRICT.input("rtmp://ingest/live/a", TIMEOUTS).options()).doesNotContainKey("timeout");
        assertThat(STRICT.input("rtsp://camera/s", TIMEOUTS).options()).doesNotContainKey("listen_timeout");
    }

    @Test
    void fileSourcesOnlyBelowThePoolsDirectoriesAsRealRegularFiles() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        Path clip = Files.writeString(media.resolve("clip.ts"), "x");
        Path outside = Files.writeString(tmp.resolve("token"), "secret-token");
        Files.createSymbolicLink(media.resolve("escape.ts"), outside);
        Files.createDirectories(media.resolve("sub"));
        Path fifo = media.resolve("pipe.ts");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        String dir = media.toRealPath() + "/";
        SourcePolicy pool = SourcePolicy.cluster(new SourcePermissions(List.of(dir), false));

        assertThatThrownBy(() -> STRICT.check("file://" + clip.toRealPath(), Map.of()))
                .hasMessageContaining("no directories in spec.sources.filePaths");
        assertThatThrownBy(() -> pool.check("file://" + outside.toRealPath(), Map.of()))
                .hasMessageContaining("is not below the directories this pool allows");
        assertThatThrownBy(() -> SourcePolicy.cluster(new SourcePermissions(List.of("/var/"), false))
                        .check("file:///var/run/secrets/kubernetes.io/serviceaccount/token", Map.of()))
                .hasMessageContaining("never reads");

        FfmpegInput ok = pool.input(
                "file://" + clip.toRealPath(),
                new SourceOptions(Duration.ofSeconds(7), Duration.ofSeconds(3), Map.of(), pool));
        assertThat(ok.url()).isEqualTo("file:" + clip.toRealPath());
        assertThat(ok.options()).containsEntry("protocol_whitelist", "file").containsEntry("rw_timeout", "3000000");

        SourceOptions opts = new SourceOptions(Duration.ofSeconds(7), Duration.ofSeconds(3), Map.of(), pool);
        assertThatThrownBy(() -> pool.input("file://" + media.toRealPath() + "/escape.ts", opts))
                .hasMessageContaining("leads out of the directories");
        assertThatThrownBy(() -> pool.input("file://" + media.toRealPath() + "/sub", opts))
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> pool.input("file://" + fifo.toRealPath(), opts))
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> pool.input("file://" + media.toRealPath() + "/absent.ts", opts))
                .hasMessageContaining("does not exist or cannot be read");
    }

    @Test
    void theCommandLineKeepsLocalFiles() throws Exception {
        Path clip = Files.writeString(tmp.resolve("clip.ts"), "x");
        FfmpegInput input = SourcePolicy.local().input("file://" + clip, TIMEOUTS);
        assertThat(input.url()).isEqualTo("file:" + clip);
        assertThat(input.options()).doesNotContainKey("protocol_whitelist").containsEntry("rw_timeout", "3000000");
        assertThat(SourcePolicy.local().input(clip.toString(), TIMEOUTS).url()).isEqualTo("file:" + clip);
        assertThat(SourcePolicy.local()
                        .input("concat:" + clip + "|" + clip, TIMEOUTS)
                        .url())
                .startsWith("file:concat:");
    }

    @Test
    void credentialsFromTheSecretAreAddedAfterTheCheckAndNeverShow() throws Exception {
        SourcePolicy pool = SourcePolicy.cluster(SourcePermissions.NONE);
        SourceOptions withPassphrase = new SourceOptions(
                Duration.ofSeconds(7),
                Duration.ofSeconds(3),
                Map.of("latency", "200000"),
                pool,
                InputCredentials.forSource("srt://encoder:9000", null, Map.of("passphrase", "from-the-secret-123")));
        FfmpegInput srt = pool.input("srt://encoder:9000?mode=caller", withPassphrase);
        assertThat(srt.options())
                .containsEntry("passphrase", "from-the-secret-123")
                .containsEntry("latency", "200000");
        assertThat(srt.toString()).doesNotContain("from-the-secret-123");
        assertThat(withPassphrase.toString()).doesNotContain("from-the-secret-123");

        SourceOptions withUser = new SourceOptions(
                Duration.ofSeconds(7),
                Duration.ofSeconds(3),
                Map.of(),
                pool,
                InputCredentials.forSource("https://cdn.example.com/live.m3u8", "viewer:p%40ss", Map.of()));
        FfmpegInput http = pool.input("https://cdn.example.com/live.m3u8", withUser);
        assertThat(http.url()).isEqualTo("https://viewer:p%40ss@cdn.example.com/live.m3u8");
        // the same origin gets them (a rendition next to the playlist), another origin does not
        assertThat(pool.input("https://CDN.example.com:443/live/720p.m3u8", withUser)
                        .url())
                .isEqualTo("https://viewer:p%40ss@CDN.example.com:443/live/720p.m3u8");
        assertThat(pool.input("https://other.example.net/live/720p.m3u8", withUser)
                        .url())
                .isEqualTo("https://other.example.net/live/720p.m3u8");
        assertThat(pool.input("http://cdn.example.com/live/720p.m3u8", withUser).url())
                .as("not to plain http of the same host")
                .isEqualTo("http://cdn.example.com/live/720p.m3u8");
        assertThat(http.toString()).doesNotContain("p%40ss");
        assertThat(withUser.toString()).doesNotContain("p%40ss");

        // what a spec says itself is checked as written: user info or a passphrase there is refused at every open
        assertThatThrownBy(() -> pool.input("https://viewer:pw@cdn.example.com/live.m3u8", withUser))
                .isInstanceOf(SourceRefusedException.class);
        assertThatThrownBy(() -> pool.input(
                        "srt://encoder:9000",
                        new SourceOptions(
                                Duration.ofSeconds(7),
                                Duration.ofSeconds(3),
                                Map.of("passphrase", "in-the-spec"),
                                pool)))
                .isInstanceOf(SourceRefusedException.class);
        assertThat(SourcePolicy.withoutUserInfo("https://viewer:p%40ss@cdn.example.com/a@b"))
                .isEqualTo("https://cdn.example.com/a@b");
    }

    @Test
    void nestedOpensBelowAnHttpSourceAreHttpOnly() {
        String input = "https://cdn.example.com/live/index.m3u8";
        for (String ok : List.of(
                input,
                "https://cdn.example.com/live/v1.m3u8",
                "http://other.example.com/seg-1.ts",
                "crypto+https://cdn.example.com/seg.ts",
                "crypto:http://cdn/seg.ts",
                "HTTPS://CDN/SEG.TS")) {
            assertThat(SourcePolicy.allowsNestedOpen(Protocol.HLS, input, ok))
                    .as(ok)
                    .isTrue();
        }
        for (String bad : List.of(
                "tcp://10.0.0.1:6379/v.m3u8",
                "file:///etc/passwd",
                "/etc/passwd",
                "file:seg.ts",
                "udp://239.1.1.1:5000",
                "concat:a|b",
                "crypto+file:///k",
                "crypto:tcp://h:1",
                "subfile,,start,0,end,1,,:/x",
                "data:text/plain,x",
                "unix:/run/x.sock",
                "tls://h:443",
                "",
                "httpx://h")) {
            assertThat(SourcePolicy.allowsNestedOpen(Protocol.HLS, input, bad))
                    .as(bad)
                    .isFalse();
        }
        assertThat(SourcePolicy.allowsNestedOpen(Protocol.RTMP, "rtmp://a/live/b", "rtmp://a/live/b"))
                .isTrue();
        assertThat(SourcePolicy.allowsNestedOpen(Protocol.FILE, "file:/media/a.ts", "http://cdn/x"))
                .isFalse();
        assertThat(SourcePolicy.allowsNestedOpen(Protocol.FILE, "file:/media/a.ts", "file:/media/b.ts"))
                .isFalse();
    }

    @Test
    void permissionsFromTheEnvironmentAreCheckedToo() {
        assertThat(SourcePermissions.fromEnvironment(Map.of())).isEqualTo(SourcePermissions.NONE);
        assertThat(SourcePermissions.fromEnvironment(Map.of(
                        SourcePermissions.ENV_FILE_PATHS,
                        "/media/, /srv/clips/",
                        SourcePermissions.ENV_LISTEN,
                        "true")))
                .isEqualTo(new SourcePermissions(List.of("/media/", "/srv/clips/"), true));
        assertThatThrownBy(
                        () -> SourcePermissions.fromEnvironment(Map.of(SourcePermissions.ENV_FILE_PATHS, "/media/../")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SourcePermissions.fromEnvironment(Map.of(SourcePermissions.ENV_FILE_PATHS, "/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SourcePermissions.fromEnvironment(Map.of(SourcePermissions.ENV_LISTEN, "yes")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
