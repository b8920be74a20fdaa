package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.SecretUsage;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.NotifySpec;
import dev.vigil.api.v1alpha1.spec.SecretKeyRef;
import dev.vigil.api.v1alpha1.spec.SourceSecretRef;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.spec.WebhookSpec;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.worker.metrics.NotifyMeters;
import dev.vigil.worker.notify.KubernetesSecretResolver;
import dev.vigil.worker.notify.WebhookDispatcher;
import dev.vigil.worker.notify.WebhookSettings;
import dev.vigil.worker.source.SourcePermissions;
import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.LogCapture;
import dev.vigil.worker.testing.OperatorStandIn;
import dev.vigil.worker.testing.TestMedia;
import dev.vigil.worker.testing.TestTls;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malicious StreamMonitors against a real API server and a real worker: what the CRD can judge is rejected at the
 * door with a readable message; what only the worker can judge (a file outside the pool's directories, a link out
 * of them, a Secret that does not consent, a listening source in a pool that does not allow one) is refused by the
 * worker with a StreamUp condition that says why. Nothing is opened, sent or logged: each monitor's source is a TCP
 * listener of its own that counts connections, its webhook an https receiver that counts requests, the worker's
 * logs are captured, and no Secret or file content appears in logs, status or Events. A monitor whose Secret
 * consents shows that the traps do catch what reaches them.
 */
@Timeout(180)
class SourceSecurityApiServerTest {

    private static final String WORKER = "w-0";
    private static final String SOURCE_SECRET = "TOPSECRET-SOURCE-7731";
    private static final String WEBHOOK_SECRET = "TOPSECRET-WEBHOOK-5120";
    private static final String FILE_SECRET = "TOPSECRET-FILE-9044";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closeLater = new ArrayList<>();

    /** A TCP listener on loopback that counts the connections it receives. */
    static final class Trap implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();

        Trap() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(
                    () -> {
                        while (!socket.isClosed()) {
                            try (Socket s = socket.accept()) {
                                connections.incrementAndGet();
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "trap-" + socket.getLocalPort());
            t.setDaemon(true);
            t.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void maliciousMonitorsAreRejectedOrRefusedAndReachNothing() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("security");
        KubernetesClient admin = api.client();
        OperatorStandIn operator = new OperatorStandIn(admin, ns);
        Path media = Files.createDirectories(tmp.resolve("media"));
        Path outside = Files.writeString(tmp.resolve("not-media.txt"), FILE_SECRET);
        Files.createSymbolicLink(media.resolve("escape.ts"), outside);
        secret(admin, ns, "db-creds", null, Map.of("username", "admin", "password", SOURCE_SECRET));
        secret(admin, ns, "api-token", null, Map.of("authorization", "Bearer " + WEBHOOK_SECRET));
        secret(admin, ns, "viewer", SecretUsage.SOURCE, Map.of("username", "viewer", "password", "consented-pw"));

        Map<String, Trap> traps = new java.util.LinkedHashMap<>();
        for (String name : List.of("source-secret", "webhook-secret", "consenting")) {
            traps.put(name, later(new Trap()));
        }
        AtomicInteger webhookRequests = new AtomicInteger();
        HttpsServer hooks = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hooks.setHttpsConfigurator(new HttpsConfigurator(TestTls.server()));
        hooks.createContext("/", exchange -> {
            webhookRequests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hooks.start();
        closeLater.add(() -> hooks.stop(0));
        int srtPort = TestMedia.freeUdpPort();
        int rtmpPort = TestMedia.freeTcpPort();

        // --- rejected at the door: the API server answers with the rule's message, no monitor exists -------------
        assertRejected(
                admin,
                ns,
                "nested",
                new SourceSpec("file://tcp://127.0.0.1:"
                        + traps.get("consenting").socket.getLocalPort()),
                null,
                "nested protocols such as file://concat: or file://tcp:// are refused");
        SourceSpec noTimeout = new SourceSpec(traps.get("consenting").url("/live.m3u8"));
        noTimeout.setOptions(Map.of("rw_timeout", "0"));
        assertRejected(admin, ns, "no-timeout", noTimeout, null, "source.options may only set");
        WebhookSpec plainHook =
                new WebhookSpec("http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook");
        plainHook.setSecretRef(new SecretKeyRef("api-token", "authorization"));
        assertRejected(
                admin,
                ns,
                "plain-hook",
                new SourceSpec("srt://encoder:9000"),
                plainHook,
                "a webhook with a secretRef must use an https:// url");

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LogCapture log = LogCapture.everything();
                KubernetesClient client = WorkerClient.create(api.config());
                WebhookDispatcher webhooks = new WebhookDispatcher(
                        WORKER,
                        new KubernetesSecretResolver(client),
                        new NotifyMeters(registry),
                        WebhookSettings.defaults().withTls(TestTls.client()),
                        Clock.systemUTC());
                WorkerRuntime runtime = new WorkerRuntime(
                        client,
                        new WorkerIdentity(WORKER, ns, "video", Set.of("black"), 8, Duration.ofSeconds(15)),
                        new SourcePermissions(List.of(media.toRealPath() + "/"), false),
                        registry,
                        List.of(webhooks::create),
                        StatusHub.Settings.DEFAULTS,
                        Clock.systemUTC())) {
            runtime.start();

            // --- refused by the worker: only it knows the pool, the files and the Secrets --------------------------
            monitor(
                    operator,
                    "token",
                    new SourceSpec("file:///var/run/secrets/kubernetes.io/serviceaccount/token"),
                    null);
            monitor(operator, "escape", new SourceSpec("file://" + media.toRealPath() + "/escape.ts"), null);
            SourceSpec stolenCredentials =
                    new SourceSpec(traps.get("source-secret").url("/live.m3u8"));
            stolenCredentials.setSecretRef(sourceRef("db-creds"));
            monitor(operator, "source-secret", stolenCredentials, null);
            WebhookSpec stolenToken =
                    new WebhookSpec("https://127.0.0.1:" + hooks.getAddress().getPort() + "/hook");
            stolenToken.setSecretRef(new SecretKeyRef("api-token", "authorization"));
            monitor(
                    operator,
                    "webhook-secret",
                    new SourceSpec(traps.get("webhook-secret").url("/live.m3u8")),
                    stolenToken);
            monitor(operator, "srt-listener", new SourceSpec("srt://127.0.0.1:" + srtPort + "?mode=listener"), null);
            SourceSpec rtmpListen = new SourceSpec("rtmp://127.0.0.1:" + rtmpPort + "/live/a");
            rtmpListen.setOptions(Map.of("listen", "1"));
            monitor(operator, "rtmp-listener", rtmpListen, null);
            // the control: a Secret that consents is used, and the source's trap sees the worker connect
            SourceSpec consenting = new SourceSpec(traps.get("consenting").url("/live.m3u8"));
            consenting.setSecretRef(sourceRef("viewer"));
            monitor(operator, "consenting", consenting, null);

            Condition token = awaitStreamUpFalse(operator, "token");
            assertThat(token.getReason()).isEqualTo(Conditions.SOURCE_NOT_ALLOWED);
            assertThat(token.getMessage()).contains("is not below the directories this pool allows");
            Condition escape = awaitStreamUpFalse(operator, "escape");
            assertThat(escape.getMessage()).contains("leads out of the directories this pool allows");
            Condition source = awaitStreamUpFalse(operator, "source-secret");
            assertThat(source.getReason()).isEqualTo(Conditions.SECRET_NOT_PERMITTED);
            assertThat(source.getMessage()).contains("Secret 'db-creds'", SecretUsage.LABEL + "=" + SecretUsage.SOURCE);
            Condition webhook = awaitStreamUpFalse(operator, "webhook-secret");
            assertThat(webhook.getReason()).isEqualTo(Conditions.SECRET_NOT_PERMITTED);
            assertThat(webhook.getMessage())
                    .contains("Secret 'api-token'", SecretUsage.LABEL + "=" + SecretUsage.WEBHOOK);
            for (String name : List.of("srt-listener", "rtmp-listener")) {
                Condition listener = awaitStreamUpFalse(operator, name);
                assertThat(listener.getReason()).as(name).isEqualTo(Conditions.SOURCE_NOT_ALLOWED);
                assertThat(listener.getMessage()).as(name).contains("spec.sources.listen: true");
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> traps.get("consenting").connections.get() > 0);

            // a retry of the refused Secrets comes every 30 s; by now each has been judged at least once
            assertThat(traps.get("source-secret").connections)
                    .as("source with a Secret that does not consent")
                    .hasValue(0);
            assertThat(traps.get("webhook-secret").connections)
                    .as("monitor whose webhook Secret does not consent")
                    .hasValue(0);
            assertThat(webhookRequests).as("webhook requests").hasValue(0);
            try (DatagramSocket udp = new DatagramSocket(srtPort, InetAddress.getLoopbackAddress());
                    ServerSocket tcp = new ServerSocket(rtmpPort, 1, InetAddress.getLoopbackAddress())) {
                assertThat(udp.isBound() && tcp.isBound())
                        .as("nothing listens on the refused listeners' ports")
                        .isTrue();
            }

            String everything = log.text()
                    + admin.getKubernetesSerialization()
                            .asJson(admin.resources(StreamMonitor.class)
                                    .inNamespace(ns)
                                    .list())
                    + admin.getKubernetesSerialization()
                            .asJson(admin.events().v1().events().inNamespace(ns).list());
            assertThat(everything).doesNotContain(SOURCE_SECRET, WEBHOOK_SECRET, FILE_SECRET, "consented-pw");
        } finally {
            for (AutoCloseable c : closeLater) {
                c.close();
            }
        }
    }

    private <T extends AutoCloseable> T later(T closeable) {
        closeLater.add(closeable);
        return closeable;
    }

    private static void secret(KubernetesClient admin, String ns, String name, String usage, Map<String, String> data) {
        SecretBuilder b = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withStringData(data);
        if (usage != null) {
            b.editMetadata().addToLabels(SecretUsage.LABEL, usage).endMetadata();
        }
        admin.resource(b.build()).create();
    }

    private static SourceSecretRef sourceRef(String name) {
        SourceSecretRef ref = new SourceSecretRef();
        ref.setName(name);
        return ref;
    }

    private static void monitor(OperatorStandIn operator, String name, SourceSpec source, WebhookSpec hook) {
        source.setOpenTimeoutSec(3);
        source.setReadTimeoutSec(3);
        operator.create(name, source, Map.of("black", new DetectorSpec()));
        if (hook != null) {
            operator.editSpec(name, spec -> {
                NotifySpec notify = new NotifySpec();
                notify.setWebhooks(List.of(hook));
                spec.setNotify(notify);
            });
        }
        operator.assign(name, "video", Map.of(WORKER, List.of("black")));
    }

    private static void assertRejected(
            KubernetesClient admin, String ns, String name, SourceSpec source, WebhookSpec hook, String message) {
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(source);
        if (hook != null) {
            spec.setNotify(new NotifySpec());
            spec.getNotify().setWebhooks(List.of(hook));
        }
        KubernetesClientException e = catchThrowableOfType(
                KubernetesClientException.class,
                () -> admin.resource(new StreamMonitor(ns, name, spec)).create());
        assertThat(e).as(name + " rejected").isNotNull();
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(e.getMessage()).as(name).contains(message);
        assertThat(admin.resources(StreamMonitor.class)
                        .inNamespace(ns)
                        .withName(name)
                        .get())
                .isNull();
    }

    private static Condition awaitStreamUpFalse(OperatorStandIn operator, String name) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> streamUp(operator.get(name))
                        .map(c -> c.getStatus() == ConditionStatus.FALSE)
                        .orElse(false));
        return streamUp(operator.get(name)).orElseThrow();
    }

    private static Optional<Condition> streamUp(StreamMonitor m) {
        return m == null || m.getStatus() == null
                ? Optional.empty()
                : m.getStatus().findCondition(Conditions.STREAM_UP);
    }
}
