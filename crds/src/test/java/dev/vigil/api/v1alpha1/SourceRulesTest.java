package dev.vigil.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.testing.CrdFiles;
import dev.vigil.api.v1alpha1.testing.SchemaValidator;
import dev.vigil.api.v1alpha1.testing.Schemas;
import dev.vigil.api.v1alpha1.validation.Rules;
import dev.vigil.api.v1alpha1.validation.SourceRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worker's own check of a source ({@link SourceRules#problems}) gives the same verdict, with the same
 * messages, as the CRD's CEL rules evaluated the API server's way (cel-java over the committed schema), on a
 * table of accepted and refused sources. So the worker refuses exactly what the door refuses, even when a
 * monitor reached it some other way (an older CRD, a client that skipped validation).
 */
class SourceRulesTest {

    private static final JsonNode SCHEMA = Schemas.openApiV3Schema(CrdFiles.committed(StreamMonitor.class));
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> sources() {
        return Stream.of(
                // accepted
                ok("file:///media/promo.ts"),
                ok("file:///srv/vigil-media/2026/clip_01+final=v2@a~b.mp4"),
                ok("https://cdn.example.com/live/sports/index.m3u8?token=abc&exp=123#frag"),
                ok("http://127.0.0.1:8080/live.m3u8"),
                ok("rtmp://ingest.studio.svc:1935/live/studio-a"),
                ok("rtsps://camera-3.site.example.com:322/stream1"),
                ok("srt://encoder-1.studio.svc:9000?mode=caller&latency=200000"),
                ok("srt://encoder:9000?streamid=#!::r=live/feed,m=request&pbkeylen=16&transtype=live"),
                ok("srt://0.0.0.0:9000?mode=listener"),
                ok("udp://239.1.1.1:5000"),
                ok("udp://@:5000?fifo_size=100000&overrun_nonfatal=1"),
                ok("rtp://239.1.1.2:5004?sources=10.0.0.1,10.0.0.2&buffer_size=4194304"),
                ok(
                        "https://cdn/live.m3u8",
                        "live_start_index",
                        "-3",
                        "http_persistent",
                        "1",
                        "fflags",
                        "+nobuffer+genpts",
                        "user_agent",
                        "Vigil/1.0 (monitor)",
                        "probesize",
                        "5000000"),
                ok("rtmp://ingest:1935/live/a", "listen", "1", "rtmp_live", "live"),
                ok("rtsp://camera/stream", "rtsp_transport", "udp", "rtsp_flags", "prefer_tcp"),
                // refused: the URL
                bad("ftp://encoder/live", Rules.SOURCE_URL_MESSAGE),
                bad("FILE:///media/a.ts", Rules.SOURCE_URL_MESSAGE),
                bad("tcp://internal-service:6379", Rules.SOURCE_URL_MESSAGE),
                bad("concat:/etc/passwd|/media/a.ts", Rules.SOURCE_URL_MESSAGE),
                bad("file://concat:/var/run/secrets/token|/media/a.ts", Rules.SOURCE_URL_FILE_MESSAGE),
                bad("file://tcp://kubernetes.default.svc:443", Rules.SOURCE_URL_FILE_MESSAGE),
                bad("file://unix:/var/run/docker.sock", Rules.SOURCE_URL_FILE_MESSAGE),
                bad("file://fd:3", Rules.SOURCE_URL_FILE_MESSAGE),
                bad("file://pipe:0", Rules.SOURCE_URL_FILE_MESSAGE),
                bad("file://subfile,,start,0,end,0,,:/etc/shadow", Rules.SOURCE_URL_FILE_MESSAGE),
                bad("file:///media/../etc/passwd", Rules.SOURCE_URL_FILE_MESSAGE),
                bad("file:///media/./a.ts", Rules.SOURCE_URL_FILE_MESSAGE),
                bad("file:///media/a.ts?x=1", Rules.SOURCE_URL_FILE_MESSAGE),
                bad("file:///media/a b.ts", Rules.SOURCE_URL_FILE_MESSAGE),
                bad("file:///media//a.ts", Rules.SOURCE_URL_FILE_MESSAGE),
                bad("file://localhost/etc/passwd", Rules.SOURCE_URL_FILE_MESSAGE),
                bad("http://viewer:hunter2@cdn.example.com/live.m3u8", Rules.SOURCE_URL_SERVER_MESSAGE),
                bad("https://cdn.example.com/live dir/index.m3u8", Rules.SOURCE_URL_SERVER_MESSAGE),
                bad("https://cdn.example.com?x=1", Rules.SOURCE_URL_SERVER_MESSAGE),
                bad("rtmp://-bad-.example.com/live", Rules.SOURCE_URL_SERVER_MESSAGE),
                bad("rtsp://[::1]:554/stream", Rules.SOURCE_URL_SERVER_MESSAGE),
                bad("https://cdn.example.com/caf\u00e9.m3u8", Rules.SOURCE_URL_SERVER_MESSAGE),
                bad("srt://encoder:9000?mode=caller&timeout=0", Rules.SOURCE_URL_SRT_MESSAGE),
                bad("srt://encoder:9000?passphrase=leaked-in-the-spec", Rules.SOURCE_URL_SRT_MESSAGE),
                bad("srt://encoder:9000?mode=rendezvous", Rules.SOURCE_URL_SRT_MESSAGE),
                bad("srt://encoder?mode=caller", Rules.SOURCE_URL_SRT_MESSAGE),
                bad("udp://239.1.1.1:5000?timeout=0", Rules.SOURCE_URL_DATAGRAM_MESSAGE),
                bad("udp://239.1.1.1:5000?fifo_size=99999999999", Rules.SOURCE_URL_DATAGRAM_MESSAGE),
                bad("rtp://239.1.1.1", Rules.SOURCE_URL_DATAGRAM_MESSAGE),
                // refused: the options
                bad("https://cdn/live.m3u8", Map.of("rw_timeout", "0"), Rules.SOURCE_OPTION_KEYS_MESSAGE),
                bad("https://cdn/live.m3u8", Map.of("timeout", "-1"), Rules.SOURCE_OPTION_KEYS_MESSAGE),
                bad("https://cdn/live.m3u8", Map.of("headers", "X-A: b"), Rules.SOURCE_OPTION_KEYS_MESSAGE),
                bad(
                        "https://cdn/live.m3u8",
                        Map.of("http_proxy", "http://evil:3128"),
                        Rules.SOURCE_OPTION_KEYS_MESSAGE),
                bad("https://cdn/live.m3u8", Map.of("allowed_extensions", "ALL"), Rules.SOURCE_OPTION_KEYS_MESSAGE),
                bad(
                        "https://cdn/live.m3u8",
                        Map.of("protocol_whitelist", "file,http"),
                        Rules.SOURCE_OPTION_KEYS_MESSAGE),
                bad("srt://encoder:9000", Map.of("passphrase", "x"), Rules.SOURCE_OPTION_KEYS_MESSAGE),
                bad("https://cdn/live.m3u8", Map.of("live_start_index", "abc"), Rules.SOURCE_OPTION_VALUES_MESSAGE),
                bad("https://cdn/live.m3u8", Map.of("probesize", "999999999"), Rules.SOURCE_OPTION_VALUES_MESSAGE),
                bad(
                        "https://cdn/live.m3u8",
                        Map.of("fflags", "+nobuffer+bitexact"),
                        Rules.SOURCE_OPTION_VALUES_MESSAGE),
                bad(
                        "https://cdn/live.m3u8",
                        Map.of("user_agent", "a\r\nX-Injected: 1"),
                        Rules.SOURCE_OPTION_VALUES_MESSAGE),
                bad("rtsp://camera/s", Map.of("rtsp_transport", "http"), Rules.SOURCE_OPTION_VALUES_MESSAGE),
                bad("http://0.0.0.0:8080/x", Map.of("listen", "1"), Rules.SOURCE_OPTION_SCHEME_MESSAGE),
                bad("rtmp://h/live/a", Map.of("rtsp_flags", "listen"), Rules.SOURCE_OPTION_SCHEME_MESSAGE),
                bad(
                        "file://tcp://10.0.0.1:80",
                        Map.of("headers", "x"),
                        Rules.SOURCE_URL_FILE_MESSAGE,
                        Rules.SOURCE_OPTION_KEYS_MESSAGE));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void theWorkerAndTheApiServerAgree(String url, Map<String, String> options, List<String> expected) {
        SourceSpec source = new SourceSpec(url);
        source.setOptions(options.isEmpty() ? null : options);
        assertThat(new TreeSet<>(SourceRules.problems(source)))
                .as(url + " " + options)
                .isEqualTo(new TreeSet<>(expected));
        assertThat(new TreeSet<>(celMessages(source)))
                .as("CEL on " + url + " " + options)
                .isEqualTo(new TreeSet<>(expected));
    }

    private static List<String> celMessages(SourceSpec source) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("apiVersion", VigilApi.API_VERSION).put("kind", StreamMonitor.KIND);
        manifest.putObject("metadata").put("name", "m");
        manifest.putObject("spec").set("source", JSON.valueToTree(source));
        return SchemaValidator.validate(SCHEMA, manifest).stream()
                .filter(v -> v.rule().equals("cel"))
                .map(SchemaValidator.Violation::message)
                .toList();
    }

    private static Arguments ok(String url, String... options) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            o.put(options[i], options[i + 1]);
        }
        return Arguments.of(url, o, List.of());
    }

    private static Arguments bad(String url, String... messages) {
        return Arguments.of(url, Map.of(), List.of(messages));
    }

    private static Arguments bad(String url, Map<String, String> options, String... messages) {
        return Arguments.of(url, options, List.of(messages));
    }
}
