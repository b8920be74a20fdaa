package dev.vigil.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.validation.SourceRules;
import dev.vigil.worker.testing.TestMedia;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad-input corpus for a cluster worker's source handling, through the real open path ({@link MediaSource} with
 * FFmpeg) against real listeners on loopback: URL shapes and option values that must be refused before anything is
 * opened, generated variations of them, and HLS/DASH manifests served over HTTP that point segments, keys or
 * variants at other protocols (file, tcp, udp, concat, subfile, crypto over file), which FFmpeg's protocol whitelist
 * must refuse. Traps show that nothing was reached: a TCP listener counts connections, a FIFO named like a segment
 * notices being opened. Every case runs under a hard time bound: refused cleanly, none hangs.
 */
class SourceBadInputTest {

    static final Duration BOUND = Duration.ofSeconds(30);
    static final SourcePolicy CLUSTER = SourcePolicy.cluster(SourcePermissions.NONE);
    static final SourceOptions OPTIONS =
            new SourceOptions(Duration.ofSeconds(3), Duration.ofSeconds(3), Map.of(), CLUSTER);

    static ServerSocket trap;
    static final AtomicInteger trapConnections = new AtomicInteger();
    static HttpServer http;
    static final Map<String, byte[]> served = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    static Path dir;
    static Path fifo;
    static final AtomicBoolean fifoOpened = new AtomicBoolean();
    static volatile boolean closing;
    static Thread fifoWriter;

    @BeforeAll
    static void traps() throws Exception {
        trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(
                () -> {
                    while (!trap.isClosed()) {
                        try (Socket s = trap.accept()) {
                            trapConnections.incrementAndGet();
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "tcp-trap");
        accept.setDaemon(true);
        accept.start();

        dir = Files.createTempDirectory("vigil-bad-input");
        fifo = dir.resolve("segment.ts");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        fifoWriter = new Thread(
                () -> {
                    // opening a FIFO for writing returns only once someone opens it for reading
                    try (OutputStream out = Files.newOutputStream(fifo)) {
                        if (!closing) {
                            fifoOpened.set(true);
                        }
                    } catch (IOException e) {
                        // closed at the end
                    }
                },
                "fifo-trap");
        fifoWriter.setDaemon(true);
        fifoWriter.start();

        Path good = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=160x120:rate=25",
                "-t",
                "2",
                "-c:v",
                "libopenh264",
                "-b:v",
                "100k",
                "OUT");
        served.put("/good.ts", Files.readAllBytes(good));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (path.startsWith("/redirect-")) {
                exchange.getResponseHeaders().add("Location", new String(served.get(path), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(302, -1);
            } else if (served.containsKey(path)) {
                byte[] body = served.get(path);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        http.start();
    }

    @AfterAll
    static void closeTraps() throws Exception {
        closing = true;
        trap.close();
        http.stop(0);
        try (FileInputStream unblock = new FileInputStream(fifo.toFile())) {
            fifoWriter.join(5000);
        }
    }

    static String trapUrl(String scheme) {
        return scheme + "://127.0.0.1:" + trap.getLocalPort();
    }

    static String httpBase() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    // --- URLs and options: refused by the policy, before FFmpeg sees anything -------------------------------------

    static Stream<String> refusedUrls() {
        String t = "127.0.0.1:" + trap.getLocalPort();
        return Stream.of(
                "file://tcp://" + t,
                "file://concat:" + fifo + "|" + fifo,
                "file://unix:/var/run/docker.sock",
                "file://fd:0",
                "file://pipe:0",
                "file://subfile,,start,0,end,10,,:" + fifo,
                "file://" + fifo,
                "file:///var/run/secrets/kubernetes.io/serviceaccount/token",
                "file:///proc/self/environ",
                "file:///etc/passwd",
                "file:///" + fifo.toString().substring(1) + "/../segment.ts",
                "tcp://" + t,
                "tcp://" + t + "?listen=1",
                "concat:" + fifo,
                "unix:/var/run/docker.sock",
                fifo.toString(),
                "crypto+tcp://" + t,
                "data:video/mp2t;base64,R0VU",
                "gopher://" + t + "/",
                "ftp://" + t + "/a.ts",
                "http://user:password@" + t + "/live.m3u8",
                "http://" + t + "/a b.m3u8",
                "http://" + t + "\r\nX: y/",
                "https://" + t + "/caf\u00e9.m3u8",
                "HTTP://" + t + "/live.m3u8",
                "http:/" + t + "/x",
                "http://" + t + "?x",
                "rtmp://u:p@" + t + "/live/a",
                "rtsp://[::1]:554/s",
                "srt://" + t + "?mode=caller&timeout=0",
                "srt://" + t + "?passphrase=in-the-spec",
                "srt://" + t + "?mode=listener",
                "srt://" + t + "?mode=rendezvous",
                "srt://127.0.0.1?mode=caller",
                "udp://" + t + "?timeout=0",
                "udp://" + t + "?localport=1&timeout=-1",
                "rtp://127.0.0.1",
                "",
                " ",
                "://",
                "file://",
                "http://",
                "srt://:9000");
    }

    @ParameterizedTest
    @MethodSource("refusedUrls")
    void refusedUrlsOpenNothing(String url) {
        assertRefusedAndNothingReached(url, Map.of());
    }

    static Stream<Map<String, String>> refusedOptions() {
        return Stream.of(
                Map.of("rw_timeout", "0"),
                Map.of("timeout", "-1"),
                Map.of("reconnect", "1"),
                Map.of("headers", "Authorization: Bearer x\r\n"),
                Map.of("http_proxy", trapUrl("http")),
                Map.of("protocol_whitelist", "file,tcp,http"),
                Map.of("protocol_blacklist", ""),
                Map.of("allowed_extensions", "ALL"),
                Map.of("listen", "1"),
                Map.of("cookies", "a=b"),
                Map.of("probesize", "4294967296"),
                Map.of("analyzeduration", "-1"),
                Map.of("fflags", "+nobuffer+bitexact"),
                Map.of("live_start_index", "1e9"),
                Map.of("user_agent", "x\r\nHost: evil"),
                Map.of("rtsp_flags", "listen"),
                Map.of("max_reload", "99999"),
                Map.of("passphrase", "spec-passphrase"),
                Map.of("", "x"),
                Map.of("LIVE_START_INDEX", "1"),
                Map.of("live_start_index ", "1"));
    }

    @ParameterizedTest
    @MethodSource("refusedOptions")
    void refusedOptionsOpenNothing(Map<String, String> options) {
        assertRefusedAndNothingReached(httpBase() + "/never.m3u8", options);
        assertThat(requests).doesNotContainKey("/never.m3u8");
    }

    /**
     * Generated variations: allowed and refused pieces put together at random (seeded, so a failure repeats). Each
     * is either refused cleanly by the policy or accepted with exactly the CRD's verdict; none throws anything else.
     */
    @Test
    void generatedUrlsAndOptionsAreRefusedCleanlyOrAcceptedConsistently() {
        Random random = new Random(20261120L);
        String t = "127.0.0.1:" + trap.getLocalPort();
        String[] schemes = {
            "file://",
            "file:///",
            "http://",
            "https://",
            "rtmp://",
            "rtsp://",
            "srt://",
            "udp://",
            "rtp://",
            "tcp://",
            "FILE://",
            "concat:",
            "crypto+",
            "subfile,,",
            "unix:",
            "pipe:",
            "",
            "data:",
            "hls+http://"
        };
        String[] middles = {
            t,
            "@" + t,
            "u:p@" + t,
            "cdn.example.com",
            "cdn.example.com:443",
            "/media/a.ts",
            "concat:",
            "tcp://" + t,
            "fd:3",
            "..",
            "/../",
            "%2e%2e/",
            ":" + trap.getLocalPort(),
            "[::1]",
            "\u0000",
            "\n",
            " ",
            "\u00e9",
            "a|b",
            "#",
            "?",
            "&",
            "=",
            "\\"
        };
        String[] tails = {
            "",
            "/live.m3u8",
            "/live/stream",
            "?mode=caller",
            "?mode=listener",
            "?timeout=0",
            "?passphrase=x",
            "?latency=200000&streamid=a",
            "?fifo_size=1000&overrun_nonfatal=1",
            "?localport=1",
            "/a.ts?token=abc",
            "|" + fifo,
            "/x?listen=1"
        };
        List<String> keys = new ArrayList<>(SourceRules.OPTION_KEYS);
        keys.addAll(List.of(
                "rw_timeout",
                "timeout",
                "headers",
                "http_proxy",
                "protocol_whitelist",
                "listen_timeout",
                "rtmp_listen",
                "mode",
                "passphrase",
                "allowed_extensions",
                "reconnect_streamed",
                "method",
                "icy"));
        String[] values = {
            "0",
            "1",
            "-1",
            "-3",
            "200000",
            "99999999",
            "999999999",
            "tcp",
            "udp",
            "http",
            "listen",
            "prefer_tcp",
            "live",
            "any",
            "16",
            "+nobuffer",
            "+genpts-igndts",
            "+bitexact",
            "Vigil/1.0",
            "a\r\nb",
            "",
            "ALL",
            "file,http",
            "\u00e9",
            "x".repeat(600)
        };
        int refused = 0;
        int accepted = 0;
        int before = trapConnections.get();
        for (int i = 0; i < 3000; i++) {
            String url = pick(random, schemes) + pick(random, middles) + pick(random, tails);
            Map<String, String> options = new LinkedHashMap<>();
            for (int n = random.nextInt(3); n > 0; n--) {
                options.put(keys.get(random.nextInt(keys.size())), pick(random, values));
            }
            SourceSpec spec = new SourceSpec(url);
            spec.setOptions(options.isEmpty() ? null : options);
            Throwable thrown = catchThrowable(() -> CLUSTER.check(url, options));
            if (thrown == null) {
                accepted++;
                assertThat(SourceRules.problems(spec)).as(url + " " + options).isEmpty();
                assertThat(url)
                        .as("accepted")
                        .doesNotContain("u:p@", "|", "\\")
                        .doesNotStartWith("file:")
                        .matches("^(https?|rtmps?|rtsps?|srt|udp|rtp)://.*");
                assertThat(url.indexOf("://"))
                        .as("no nested protocol in " + url)
                        .isEqualTo(url.lastIndexOf("://"));
            } else {
                refused++;
                assertThat(thrown).as(url + " " + options).isInstanceOf(SourceRefusedException.class);
                assertThat(thrown.getMessage()).isNotBlank().doesNotContain("\r", "\n");
            }
        }
        System.out.printf("generated sources: %d refused, %d accepted%n", refused, accepted);
        assertThat(refused).isGreaterThan(1000);
        assertThat(accepted).isGreaterThan(0);
        assertThat(trapConnections).hasValue(before);
    }

    private static void assertRefusedAndNothingReached(String url, Map<String, String> options) {
        int before = trapConnections.get();
        assertTimeoutPreemptively(BOUND, () -> {
            Throwable thrown;
            try (MediaSource source = new MediaSource(
                    url, new SourceOptions(Duration.ofSeconds(3), Duration.ofSeconds(3), options, CLUSTER))) {
                thrown = catchThrowable(source::open);
            } catch (IllegalArgumentException e) {
                thrown = new SourceRefusedException(e.getMessage()); // an unsupported scheme, refused at construction
            }
            assertThat(thrown).as(url + " " + options).isInstanceOf(SourceRefusedException.class);
            assertThat(thrown.getMessage())
                    .as("never the option values")
                    .doesNotContain("Bearer x", "in-the-spec", "spec-passphrase");
        });
        assertThat(trapConnections.get())
                .as("connections to the trap after " + url)
                .isEqualTo(before);
        assertThat(fifoOpened).as("the FIFO after " + url).isFalse();
    }

    // --- manifests that point elsewhere: refused by FFmpeg's protocol whitelist -----------------------------------

    static Stream<String[]> manifests() {
        String t = "127.0.0.1:" + trap.getLocalPort();
        return Stream.of(
                hls("segment-file-url", "file://" + fifo),
                hls("segment-file-scheme", "file:" + fifo),
                hls("segment-tcp", "tcp://" + t + "/segment.ts"),
                hls("segment-udp", "udp://127.0.0.1:9/segment.ts"),
                hls("segment-concat", "concat:" + fifo + "|" + fifo),
                hls("segment-subfile", "subfile,,start,0,end,188,,:" + fifo),
                hls("segment-crypto-file", "crypto+file://" + fifo),
                hls("segment-crypto-tcp", "crypto:tcp://" + t + "/segment.ts"),
                hls("segment-data", "data:video/mp2t;base64,R0VU"),
                new String[] {
                    "key-file",
                    "/key-file.m3u8",
                    "#EXTM3U\n#EXT-X-TARGETDURATION:2\n" + "#EXT-X-KEY:METHOD=AES-128,URI=\"file://" + fifo
                            + "\"\n#EXTINF:2.0,\n/good.ts\n#EXT-X-ENDLIST\n"
                },
                new String[] {
                    "key-tcp",
                    "/key-tcp.m3u8",
                    "#EXTM3U\n#EXT-X-TARGETDURATION:2\n" + "#EXT-X-KEY:METHOD=AES-128,URI=\"tcp://" + t
                            + "/k\"\n#EXTINF:2.0,\n/good.ts\n#EXT-X-ENDLIST\n"
                },
                new String[] {
                    "variant-file",
                    "/variant-file.m3u8",
                    "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=100000\n" + "file://" + fifo + "\n"
                },
                new String[] {"redirect-file", "/redirect-file.m3u8", "file://" + fifo},
                new String[] {"dash-file", "/dash-file.mpd", dash("file://" + fifo)},
                new String[] {"dash-tcp", "/dash-tcp.mpd", dash("tcp://" + t + "/segment.ts")});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void manifestsPointingAtOtherProtocolsReachNothing(String name, String path, String body) {
        String served = path.startsWith("/redirect-") ? path.replace(".m3u8", "") : path;
        SourceBadInputTest.served.put(served, body.getBytes(StandardCharsets.UTF_8));
        int before = trapConnections.get();
        int[] frames = new int[1];
        assertTimeoutPreemptively(BOUND, () -> {
            try (MediaSource source = new MediaSource(httpBase() + served, OPTIONS)) {
                source.open();
                for (int i = 0; i < 100; i++) {
                    Packet p = source.read();
                    if (p == null) {
                        break;
                    }
                    if (p.kind() == MediaKind.VIDEO) {
                        frames[0]++;
                    }
                }
            } catch (SourceException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
        assertThat(requests.get(served)).as("the manifest itself was fetched").isNotNull();
        assertThat(trapConnections.get())
                .as(name + ": connections to the tcp trap")
                .isEqualTo(before);
        assertThat(fifoOpened).as(name + ": the FIFO segment").isFalse();
        if (!name.startsWith("key-")) {
            assertThat(frames[0]).as(name + ": decoded frames").isZero();
        }
    }

    /**
     * HLS opens a variant playlist named by a master playlist with the demuxer's plain io_open, which checks only
     * the protocol whitelist, and that list must hold tcp for http itself. Vigil's io_open hook (NestedOpens) asks
     * {@link SourcePolicy#allowsNestedOpen} first, so a master playlist cannot point a variant at
     * {@code tcp://host:port}.
     */
    @Test
    void aVariantPlaylistCannotPointAtRawTcp() {
        String t = "127.0.0.1:" + trap.getLocalPort();
        served.put(
                "/variant-tcp.m3u8",
                ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=100000\ntcp://" + t + "/v.m3u8\n")
                        .getBytes(StandardCharsets.UTF_8));
        int before = trapConnections.get();
        assertTimeoutPreemptively(BOUND, () -> {
            try (MediaSource source = new MediaSource(httpBase() + "/variant-tcp.m3u8", OPTIONS)) {
                catchThrowable(source::open);
            }
        });
        assertThat(trapConnections.get()).isEqualTo(before);
    }

    /** The traps catch what they are for: an allowed protocol reaches them, so their silence above means something. */
    @Test
    void theTrapsWork() {
        int before = trapConnections.get();
        served.put(
                "/control.m3u8",
                ("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nhttp://127.0.0.1:" + trap.getLocalPort()
                                + "/segment.ts\n#EXTINF:2.0,\n/good.ts\n#EXT-X-ENDLIST\n")
                        .getBytes(StandardCharsets.UTF_8));
        int[] frames = new int[1];
        assertTimeoutPreemptively(BOUND, () -> {
            try (MediaSource source = new MediaSource(httpBase() + "/control.m3u8", OPTIONS)) {
                source.open();
                for (Packet p = source.read(); p != null && frames[0] < 20; p = source.read()) {
                    if (p.kind() == MediaKind.VIDEO) {
                        frames[0]++;
                    }
                }
            }
        });
        assertThat(trapConnections.get())
                .as("http segments may connect anywhere the URL says")
                .isGreaterThan(before);
        assertThat(frames[0]).as("the good segment decodes").isPositive();
    }

    private static String[] hls(String name, String segment) {
        return new String[] {
            name,
            "/" + name + ".m3u8",
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n" + "#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:2.0,\n" + segment
                    + "\n#EXT-X-ENDLIST\n"
        };
    }

    private static String dash(String baseUrl) {
        return "<?xml version=\"1.0\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\""
                + " mediaPresentationDuration=\"PT2S\" minBufferTime=\"PT1S\""
                + " profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\"><Period><AdaptationSet mimeType=\"video/mp2t\">"
                + "<Representation id=\"v\" bandwidth=\"100000\"><BaseURL>" + baseUrl + "</BaseURL><SegmentBase/>"
                + "</Representation></AdaptationSet></Period></MPD>\n";
    }

    private static String pick(Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }
}
