package dev.vigil.tools.bench.notify;

import dev.vigil.api.v1alpha1.testing.KubeApiBinaries;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Notification latency benchmark (not a test; {@code mvn verify} does not run it): how long after a session
 * reports a defect its webhook receiver has the CloudEvent ({@link WebhookLatency}) and its Kubernetes Event is
 * visible through a watch ({@link EventLatency}, on a real API server started by fabric8 kube-api-test from the
 * binaries of {@code hack/kube-testenv.sh}). Every figure is printed next to a baseline measured in the same run.
 *
 * <p>Arguments (all optional): {@code idle=300 idleSpacingMs=10 burst=500 slowMs=50 flaky=100 warmup=200
 * events=30 eventBurst=100 timeout=120 kube=true}. Run it with {@code tools/bench-notify.sh}.
 */
public final class NotifyLatencyBenchmark {

    static final String VERSION = KubeApiBinaries.VERSION;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                System.err.println("arguments are key=value, got: " + a);
                System.exit(2);
            }
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        boolean kube = Boolean.parseBoolean(opts.getOrDefault("kube", "true"));
        Path bin = KubeApiBinaries.binDir();
        if (kube && !(Files.isExecutable(bin.resolve("kube-apiserver")) && Files.isExecutable(bin.resolve("etcd")))) {
            System.err.println(
                    "API server binaries missing in " + bin + ": run hack/kube-testenv.sh, or pass kube=false");
            System.exit(2);
        }
        long start = System.nanoTime();
        LatencyReport report = new LatencyReport();
        int unmatched = WebhookLatency.run(WebhookLatency.Counts.of(opts), report);
        if (kube) {
            runEvents(bin, EventLatency.Counts.of(opts), report);
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Notification latency, %d cores (%s), Java %s, %.0f s in all%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                (System.nanoTime() - start) / 1e9);
        System.out.println("Command: tools/bench-notify.sh" + (args.length == 0 ? "" : " " + String.join(" ", args)));
        System.out.println();
        System.out.print(report.markdown());
        boolean ok = report.complete() && unmatched == 0;
        System.out.println();
        System.out.println(
                ok
                        ? "every notification arrived exactly once"
                        : "NOTIFICATIONS LOST OR DUPLICATED (unmatched requests: " + unmatched + ")");
        System.exit(ok ? 0 : 1);
    }

    private static void runEvents(Path bin, EventLatency.Counts counts, LatencyReport report) throws Exception {
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(KubeApiBinaries.testDir())
                .withApiServerVersion(VERSION)
                .withOfflineMode(true)
                .withStartupTimeout(180_000) // a loaded machine may take more than the default minute
                .withUpdateKubeConfig(false)
                .build());
        WebhookLatency.log("starting kube-apiserver " + VERSION + " from " + bin);
        server.start();
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
                .build()) {
            client.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(WebhookLatency.NS)
                            .endMetadata()
                            .build())
                    .create();
            EventLatency.run(client, WebhookLatency.NS, counts, report);
        } finally {
            server.stop();
        }
    }
}
