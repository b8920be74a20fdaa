package dev.vigil.operator.bench;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.Health;
import dev.vigil.api.v1alpha1.testing.KubeApiBinaries;
import dev.vigil.operator.apiserver.SimulatedWorker;
import dev.vigil.operator.membership.LeaseClock;
import dev.vigil.operator.membership.WorkerMembership;
import dev.vigil.operator.placement.PlacementLoop;
import dev.vigil.operator.placement.StatusRecorder;
import dev.vigil.operator.placement.TestResources;
import dev.vigil.operator.placement.WorkerLabeler;
import dev.vigil.operator.pool.InformerPools;
import dev.vigil.operator.pool.PoolDemand;
import dev.vigil.operator.pool.ResourceApplier;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What a burst of worker status changes costs the operator, on a real API server (not a test; run it with
 * {@code operator/bench-status-burst.sh}). One WorkerPool with {@code workers} live Leases and {@code monitors}
 * placed StreamMonitors; then, burst after burst, every monitor's worker writes its status the way workers do
 * (a JSON patch of the worker-owned fields, resourceVersion precondition), from 16 threads:
 *
 * <ol>
 *   <li>{@code stream up}: StreamUp True, no defects (the operator must make every monitor Ready, Healthy);</li>
 *   <li>{@code defects open}: DefectsActive True (health Degraded);</li>
 *   <li>{@code defects change}: another list of open defects, DefectsActive stays True (nothing of the
 *       operator's status changes);</li>
 *   <li>{@code stream down}: StreamUp False (Ready False, health Down).</li>
 * </ol>
 *
 * For each burst it counts, until the operator's writes have been quiet for 3 s: the placement loop's scheduling
 * passes and per-monitor status steps, the operator client's write requests (an HTTP interceptor; status and label writes), its reads (GET:
 * re-reads after a conflict) and 409 answers, and checks that every monitor shows the expected Ready and health.
 *
 * <p>Arguments: {@code monitors=1000 workers=20}.
 */
public final class StatusBurstBenchmark {

    static final String NS = "burst";
    static final String POOL = "general";

    private record Burst(String name, boolean streamUp, List<String> defects, Health health) {}

    private static final List<Burst> BURSTS = List.of(
            new Burst("stream up", true, List.of(), Health.HEALTHY),
            new Burst("defects open", true, List.of("black"), Health.DEGRADED),
            new Burst("defects change", true, List.of("black", "silence"), Health.DEGRADED),
            new Burst("stream down", false, List.of(), Health.DOWN));

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                opts.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        int monitors = Integer.parseInt(opts.getOrDefault("monitors", "1000"));
        int workers = Integer.parseInt(opts.getOrDefault("workers", "20"));
        System.exit(new StatusBurstBenchmark().run(monitors, workers));
    }

    private final Map<String, AtomicLong> operatorRequests = new ConcurrentHashMap<>();
    private final AtomicLong operatorConflicts = new AtomicLong();

    int run(int monitors, int workers) throws Exception {
        Path binDir = KubeApiBinaries.binDir();
        if (!Files.isExecutable(binDir.resolve("kube-apiserver")) || !Files.isExecutable(binDir.resolve("etcd"))) {
            System.err.println("API server binaries missing in " + binDir + ": run hack/kube-testenv.sh");
            return 2;
        }
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(KubeApiBinaries.testDir())
                .withApiServerVersion(KubeApiBinaries.VERSION)
                .withOfflineMode(true)
                .withStartupTimeout(180_000) // a loaded machine may take more than the default minute
                .withUpdateKubeConfig(false)
                .build());
        ScaleBenchmark.log("starting kube-apiserver " + KubeApiBinaries.VERSION);
        server.start();
        String kubeconfig = server.getKubeConfigYaml();
        Config benchConfig = Config.fromKubeconfig(kubeconfig);
        benchConfig.setMaxConcurrentRequests(64);
        benchConfig.setMaxConcurrentRequestsPerHost(64);
        KubernetesClient bench =
                new KubernetesClientBuilder().withConfig(benchConfig).build();
        Interceptor counter = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
                operatorRequests
                        .computeIfAbsent(request.method().toUpperCase(Locale.ROOT), m -> new AtomicLong())
                        .incrementAndGet();
            }

            @Override
            public void after(
                    HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
                if (response.code() == 409) {
                    operatorConflicts.incrementAndGet();
                }
            }
        };
        KubernetesClient operator = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig))
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("vigil-bench-counter", counter))
                .build();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        PlacementLoop loop = null;
        try {
            ScaleBenchmark.applyCrds(bench);
            bench.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NS)
                            .endMetadata()
                            .build())
                    .create();
            String[] detectors =
                    Stream.of(DefectType.values()).map(DefectType::wireName).toArray(String[]::new);
            double capacity = Math.max(8, Math.ceil(monitors * 1.5 / workers));
            bench.resource(TestResources.pool(NS, POOL, capacity, workers, workers, detectors))
                    .create();
            Instant now = Instant.now();
            for (int i = 0; i < workers; i++) {
                bench.resource(TestResources.lease(NS, POOL + "-" + i, POOL, now, 3600))
                        .create();
            }
            StatusRecorder recorder = new StatusRecorder(operator, LeaseClock.SYSTEM);
            WorkerLabeler labeler = new WorkerLabeler(operator, ResourceApplier.Mode.SSA);
            loop = new PlacementLoop(
                    operator,
                    LeaseClock.SYSTEM,
                    new WorkerMembership(operator, LeaseClock.SYSTEM),
                    new InformerPools(operator),
                    recorder,
                    labeler,
                    new PoolDemand(),
                    Duration.ofMillis(200),
                    Duration.ofSeconds(5));
            loop.start();
            awaitTrue(loop::hasSynced, 60, "the placement loop's informers to sync");

            ScaleBenchmark.log("creating and placing " + monitors + " monitors on " + workers + " workers");
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < monitors; i++) {
                String name = String.format("m-%05d", i);
                creates.add(threads.submit(
                        () -> bench.resource(ScaleBenchmark.monitorIn(NS, name)).create()));
            }
            for (Future<?> f : creates) {
                f.get();
            }
            awaitAll(bench, monitors, ScaleBenchmark::isPlaced, "placed");
            awaitQuiet(recorder, labeler);

            SimulatedWorker worker = new SimulatedWorker(bench);
            List<String> rows = new ArrayList<>();
            for (Burst burst : BURSTS) {
                operatorRequests.clear();
                operatorConflicts.set(0);
                long passes = loop.passes(NS);
                long steps = loop.statusSteps();
                long statusWrites = recorder.writes();
                long labelWrites = labeler.writes();
                List<StreamMonitor> read = bench.resources(StreamMonitor.class)
                        .inNamespace(NS)
                        .list()
                        .getItems();
                long start = System.nanoTime();
                AtomicLong workerAttempts = new AtomicLong();
                List<Future<?>> writes = new ArrayList<>();
                for (StreamMonitor sm : read) {
                    writes.add(threads.submit(
                            () -> workerAttempts.addAndGet(worker.report(sm, burst.streamUp(), burst.defects()))));
                }
                for (Future<?> f : writes) {
                    f.get();
                }
                awaitAll(bench, monitors, sm -> shows(sm, burst), burst.name());
                long settled = awaitQuiet(recorder, labeler);
                rows.add(String.format(
                        "| %s | %d (%d attempts) | %d | %d | %d (status %d, labels %d) | %d | %d | %.1f s |",
                        burst.name(),
                        read.size(),
                        workerAttempts.get(),
                        loop.passes(NS) - passes,
                        loop.statusSteps() - steps,
                        ScaleBenchmark.writes(operatorRequests),
                        recorder.writes() - statusWrites,
                        labeler.writes() - labelWrites,
                        count("GET"),
                        operatorConflicts.get(),
                        (settled - start) / 1e9));
            }
            System.out.println();
            System.out.printf(
                    "Worker status bursts: %d monitors on %d workers, operator debounce 200 ms%n%n", monitors, workers);
            System.out.println("| Burst | Worker status writes | Scheduling passes | Monitor status steps "
                    + "| Operator write requests | Operator GETs | 409 answers | Until settled |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
            return 0;
        } finally {
            if (loop != null) {
                loop.close();
            }
            threads.shutdownNow();
            operator.close();
            bench.close();
            server.stop();
        }
    }

    /** The operator's Ready and health follow what the burst reported. */
    private static boolean shows(StreamMonitor sm, Burst burst) {
        return sm.getStatus() != null
                && sm.getStatus().getHealth() == burst.health()
                && sm.getStatus()
                        .findCondition(Conditions.READY)
                        .filter(c -> c.getStatus() == ConditionStatus.of(burst.streamUp()))
                        .isPresent();
    }

    private long count(String method) {
        AtomicLong n = operatorRequests.get(method);
        return n == null ? 0 : n.get();
    }

    private static void awaitAll(KubernetesClient client, int monitors, Predicate<StreamMonitor> done, String what)
            throws InterruptedException {
        awaitTrue(
                () -> client.resources(StreamMonitor.class).inNamespace(NS).list().getItems().stream()
                                .filter(done)
                                .count()
                        == monitors,
                300,
                "every monitor " + what);
    }

    /** Waits until neither the status recorder nor the labeler has written for 3 s; returns when they last did. */
    private long awaitQuiet(StatusRecorder recorder, WorkerLabeler labeler) throws InterruptedException {
        long last = System.nanoTime();
        long seen = -1;
        while (System.nanoTime() - last < TimeUnit.SECONDS.toNanos(3)) {
            long now = recorder.writes() + labeler.writes() + ScaleBenchmark.writes(operatorRequests);
            if (now != seen) {
                seen = now;
                last = System.nanoTime();
            }
            Thread.sleep(100);
        }
        return last;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, long seconds, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
