package dev.vigil.worker.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.RecentDefect;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.worker.cluster.WorkerClient;
import dev.vigil.worker.cluster.WorkerIdentity;
import dev.vigil.worker.cluster.WorkerRuntime;
import dev.vigil.worker.source.SourcePermissions;
import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.testing.BackgroundCli;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.LiveSignal;
import dev.vigil.worker.testing.OperatorStandIn;
import dev.vigil.worker.testing.TestMedia;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code vigil worker} end to end on each live protocol: a StreamMonitor on a real API server (assignment and
 * label written by the test, as the operator would), the worker runtime in-process, a real-time sender on
 * loopback with silence injected from second 8 to 12 of its signal. The monitor's status must show the silence
 * open within its hold time (2 s) + 2 s of the injection, plus the protocol's own delivery delay, and then
 * show it cleared, with the right duration, in recentDefects.
 */
@Timeout(120)
class ClusterLiveProtocolsTest {

    private static final double SILENCE_FROM = 8;
    private static final double SILENCE_TO = 12;
    private static final double RAISE_SEC = 2;
    private static final String ME = "live-0";

    enum Case {
        UDP(1.5),
        SRT(1.5),
        RTMP(1.5),
        RTSP(1.5),
        /** HLS plays about three 1 s segments behind the live edge, plus a playlist reload. */
        HLS(5);

        final double deliverySec;

        Case(double deliverySec) {
            this.deliverySec = deliverySec;
        }
    }

    static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    static KubernetesClient client;
    static WorkerRuntime runtime;
    static OperatorStandIn operator;
    static String ns;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startWorker() {
        KubeApi api = KubeApi.require();
        ns = api.newNamespace("live");
        operator = new OperatorStandIn(api.client(), ns);
        client = WorkerClient.create(api.config());
        // the worker listens for the SRT, RTMP and RTSP senders: a pool that allows listening sources
        runtime = new WorkerRuntime(
                client,
                new WorkerIdentity(ME, ns, "av", Set.of("silence", "black"), 8, Duration.ofSeconds(15)),
                new SourcePermissions(List.of(), true),
                registry,
                List.of(),
                StatusHub.Settings.DEFAULTS,
                Clock.systemUTC());
        runtime.start();
    }

    @AfterAll
    static void stopWorker() {
        if (runtime != null) {
            runtime.close();
            client.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void silenceInjectedIntoTheLiveStreamShowsInStatusAndClears(Case protocol) throws Exception {
        String name = protocol.name().toLowerCase();
        LiveSignal signal = new LiveSignal().seconds(18).silence(SILENCE_FROM, SILENCE_TO);
        Process sender = null;
        StaticHttpServer http = null;
        try {
            SourceSpec source;
            long senderStart;
            if (protocol == Case.HLS) {
                Path dir = Files.createDirectories(tmp.resolve("hls"));
                senderStart = System.nanoTime();
                sender = signal.sendTo(
                        "hls",
                        dir.resolve("live.m3u8").toString(),
                        "-hls_time",
                        "1",
                        "-hls_list_size",
                        "6",
                        "-hls_flags",
                        "delete_segments");
                http = StaticHttpServer.serve(dir);
                await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(dir.resolve("live.m3u8")));
                source = new SourceSpec(http.url("live.m3u8"));
                monitor(name, source);
            } else {
                Listener l = listener(protocol);
                source = new SourceSpec(l.url);
                source.setOptions(l.options);
                source.setOpenTimeoutSec(60); // a listener waits for its sender
                monitor(name, source);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> runtime.sessions().running().containsKey(ns + "/" + name));
                BackgroundCli.sleep(1500); // the listener binds
                long[] started = new long[1];
                sender = startSender(() -> {
                    started[0] = System.nanoTime();
                    return signal.sendTo(l.format, l.senderUrl, l.senderOptions);
                });
                senderStart = started[0];
            }

            double openDeadline = SILENCE_FROM + RAISE_SEC + 2 + protocol.deliverySec;
            await().atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> active(name).contains("silence"));
            double openedAfter = (System.nanoTime() - senderStart) / 1e9;
            StreamMonitorStatus s = operator.get(name).getStatus();
            assertThat(s.findCondition(Conditions.STREAM_UP))
                    .get()
                    .extracting(c -> c.getStatus(), c -> c.getReason())
                    .containsExactly(ConditionStatus.TRUE, Conditions.CONNECTED);
            assertThat(s.findCondition(Conditions.DEFECTS_ACTIVE))
                    .get()
                    .extracting(c -> c.getStatus())
                    .isEqualTo(ConditionStatus.TRUE);
            assertThat(s.getActiveDefectTypes()).isEqualTo("silence");
            assertThat(s.getStream().getResolution()).isEqualTo("320x240");
            assertThat(s.getStream().getCodec()).isEqualTo("h264");

            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() ->
                            !active(name).contains("silence") && recent(name).isPresent());
            double clearedAfter = (System.nanoTime() - senderStart) / 1e9;
            System.out.printf(
                    "%s: silence open in status %.1f s after the sender started (deadline %.1f), cleared after %.1f s%n",
                    protocol, openedAfter, openDeadline, clearedAfter);
            assertThat(openedAfter)
                    .as("silence shown within hold time + 2 s of the injection (+ delivery)")
                    .isLessThanOrEqualTo(openDeadline);
            assertThat(clearedAfter)
                    .as("cleared within 2 s of the signal's return (+ delivery)")
                    .isLessThanOrEqualTo(SILENCE_TO + 0.2 + 2 + protocol.deliverySec + 1);
            assertThat(recent(name).get().getDurationSec()).isCloseTo(SILENCE_TO - SILENCE_FROM, within(0.6));
            assertThat(operator.get(name).getStatus().getActiveDefectTypes()).isNull();
            assertMetrics();
        } finally {
            TestMedia.stop(sender);
            if (http != null) {
                http.close();
            }
            operator.delete(name);
        }
    }

    /** The runtime's meters while this one 320x240 25 fps stream runs. */
    private static void assertMetrics() {
        assertThat(registry.get("vigil.worker.sessions").gauge().value()).isEqualTo(1);
        assertThat(registry.get("vigil.worker.load.units").gauge().value())
                .isCloseTo(320 * 240 / (1280.0 * 720), within(0.01));
        assertThat(registry.get("vigil.worker.capacity.units").gauge().value()).isEqualTo(8);
        assertThat(registry.get("vigil.decoded.frames").functionCounter().count())
                .isGreaterThan(100);
        assertThat(registry.get("vigil.decode.lag.seconds").gauge().value()).isBetween(0.0, 5.0);
        assertThat(registry.get("vigil.streams.down").gauge().value()).isZero();
        assertThat(registry.get("vigil.status.writes")
                        .tag("result", "ok")
                        .counter()
                        .count())
                .isPositive();
        assertThat(registry.get("vigil.status.writes.throttled").counter().count())
                .isZero();
    }

    private record Listener(
            String url, Map<String, String> options, String format, String senderUrl, String... senderOptions) {}

    private static Listener listener(Case protocol) {
        return switch (protocol) {
            case UDP -> {
                int port = TestMedia.freeUdpPort();
                yield new Listener(
                        "udp://127.0.0.1:" + port, null, "mpegts", "udp://127.0.0.1:" + port + "?pkt_size=1316");
            }
            case SRT -> {
                int port = TestMedia.freeUdpPort();
                yield new Listener(
                        "srt://127.0.0.1:" + port + "?mode=listener",
                        null,
                        "mpegts",
                        "srt://127.0.0.1:" + port + "?mode=caller");
            }
            case RTMP -> {
                int port = TestMedia.freeTcpPort();
                yield new Listener(
                        "rtmp://127.0.0.1:" + port + "/live/test",
                        Map.of("listen", "1"),
                        "flv",
                        "rtmp://127.0.0.1:" + port + "/live/test");
            }
            case RTSP -> {
                int port = TestMedia.freeTcpPort();
                yield new Listener(
                        "rtsp://127.0.0.1:" + port + "/live",
                        Map.of("rtsp_flags", "listen"),
                        "rtsp",
                        "rtsp://127.0.0.1:" + port + "/live",
                        "-rtsp_transport",
                        "tcp");
            }
            case HLS -> throw new IllegalArgumentException("HLS is pulled over HTTP");
        };
    }

    /** A sender that could not connect (the listener was not up yet) exits at once: start it again. */
    private static Process startSender(java.util.function.Supplier<Process> start) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Process p = start.get();
            if (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) || attempt >= 5) {
                return p;
            }
            BackgroundCli.sleep(1000);
        }
    }

    private static void monitor(String name, SourceSpec source) {
        operator.create(name, source, Map.of("silence", new DetectorSpec(), "black", new DetectorSpec()));
        operator.assign(name, "av", Map.of(ME, List.of("silence", "black")));
    }

    private static List<String> active(String name) {
        StreamMonitor m = operator.get(name);
        return m == null || m.getStatus() == null || m.getStatus().getActiveDefects() == null
                ? List.of()
                : m.getStatus().getActiveDefects().stream()
                        .map(ActiveDefect::getType)
                        .toList();
    }

    private static Optional<RecentDefect> recent(String name) {
        StreamMonitor m = operator.get(name);
        return m == null || m.getStatus() == null || m.getStatus().getRecentDefects() == null
                ? Optional.empty()
                : m.getStatus().getRecentDefects().stream()
                        .filter(r -> r.getType().equals("silence"))
                        .findFirst();
    }
}
