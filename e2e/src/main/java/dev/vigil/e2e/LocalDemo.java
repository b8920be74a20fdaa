package dev.vigil.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code bin/vigil demo}: Vigil on this machine with no cluster. Starts a real API server, the operator, two
 * workers and a live HLS stream with black picture and silence every 30 seconds, applies the WorkerPool and two
 * StreamMonitors of {@code examples/local}, and prints {@code kubectl get sm,wp} every few seconds until stopped (Ctrl-C) or for
 * {@code --duration} seconds.
 */
public final class LocalDemo {

    private LocalDemo() {}

    public static void main(String[] args) throws Exception {
        long durationSec = Long.MAX_VALUE;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--duration") && i + 1 < args.length) {
                durationSec = Long.parseLong(args[++i]);
            } else {
                System.err.println("usage: vigil demo [--duration SECONDS]");
                System.exit(2);
            }
        }
        VigilCommands vigil = new VigilCommands(VigilCommands.repositoryRoot());
        String reason = LocalCluster.cannotRun(vigil);
        if (reason != null) {
            System.err.println("vigil demo: " + reason);
            System.exit(3);
        }
        Path work = Files.createTempDirectory("vigil-demo-");
        Path logs = work.resolve("logs");
        System.out.println(
                "Starting a local API server, the operator, two workers and a live stream (logs: " + logs + ")");
        try (LocalCluster cluster = LocalCluster.start(vigil, logs, 10);
                LiveHlsStream stream = LiveHlsStream.start(vigil, work.resolve("hls"), logs, 30, 8)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stream.close();
                cluster.close();
            }));
            cluster.startOperator("vigil-operator-0");
            cluster.apply(DemoManifests.NAMESPACE, DemoManifests.namespace());
            DemoManifests manifests = new DemoManifests(vigil.root());
            cluster.apply(DemoManifests.NAMESPACE, manifests.pool());
            for (int ordinal = 0; ordinal < 2; ordinal++) {
                cluster.startWorker(
                        DemoManifests.NAMESPACE,
                        DemoManifests.POOL,
                        ordinal,
                        manifests.poolDetectors(),
                        manifests.poolCapacity(),
                        0);
            }
            for (String name : List.of("news", "sports")) {
                cluster.apply(DemoManifests.NAMESPACE, manifests.monitor(name, stream.url()));
            }
            System.out.println("kubectl: KUBECONFIG=" + cluster.apiServer().kubeconfig() + " "
                    + cluster.apiServer().kubectl() + " get sm,wp -n " + DemoManifests.NAMESPACE);
            System.out.println("Black picture and silence come every 30 s for 8 s; watch HEALTH and DEFECTS follow.\n");
            Instant end =
                    durationSec == Long.MAX_VALUE ? Instant.MAX : Instant.now().plusSeconds(durationSec);
            while (Instant.now().isBefore(end)) {
                System.out.println(Instant.now().toString().substring(11, 19));
                System.out.println(cluster.kubectl("get", "sm,wp", "-n", DemoManifests.NAMESPACE));
                Thread.sleep(Duration.ofSeconds(5).toMillis());
            }
        }
    }
}
