package dev.vigil.operator.bench;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.testing.KubeApiBinaries;
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
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Scale benchmark of the placement loop against a real API server (not a test; {@code mvn verify} does not run it):
 * fabric8 kube-api-test starts etcd and kube-apiserver (binaries from {@code hack/kube-testenv.sh}), the CRDs from
 * {@code crds/generated} are applied, one WorkerPool with {@code workers} live Leases is created, the placement loop
 * runs with its production settings (debounce 200ms, lease check 5s) on its own client, and {@code monitors}
 * StreamMonitors are created in parallel. It reports the time from the first create until every monitor is placed
 * (Scheduled=True and labelled for its worker, seen through a watch), the operator client's write requests (status
 * and label writes), and the JVM heap.
 *
 * <p>Arguments: {@code monitors=10000 workers=200 capacity=60 creators=16}. Run it with {@code operator/bench-scale.sh}.
 */
public final class ScaleBenchmark {

    static final String VERSION = KubeApiBinaries.VERSION;
    static final String NS = "bench";
    static final String POOL = "general";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                opts.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        int monitors = Integer.parseInt(opts.getOrDefault("monitors", "10000"));
        int workers = Integer.parseInt(opts.getOrDefault("workers", "200"));
        double capacity = Double.parseDouble(opts.getOrDefault(
                "capacity", String.valueOf(Math.max(60, (int) Math.ceil(monitors * 1.2 / workers)))));
        int creators = Integer.parseInt(opts.getOrDefault("creators", "16"));
        long timeoutS = Long.parseLong(opts.getOrDefault("timeout", "600"));
        boolean baseline = Boolean.parseBoolean(opts.getOrDefault("baseline", "true"));
        System.exit(new ScaleBenchmark().run(monitors, workers, capacity, creators, timeoutS, baseline));
    }

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong maxHeapUsed = new AtomicLong();

    int run(int monitors, int workers, double capacity, int creators, long timeoutS, boolean baseline)
            throws Exception {
        String dir = KubeApiBinaries.testDir();
        Path binDir = KubeApiBinaries.binDir();
        if (!Files.isExecutable(binDir.resolve("kube-apiserver")) || !Files.isExecutable(binDir.resolve("etcd"))) {
            System.err.println("API server binaries missing in " + binDir + ": run hack/kube-testenv.sh");
            return 2;
        }
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir)
                .withApiServerVersion(VERSION)
                .withOfflineMode(true)
                .withStartupTimeout(180_000) // a loaded machine may take more than the default minute
                .withUpdateKubeConfig(false)
                .build());
        log("starting kube-apiserver " + VERSION);
        server.start();
        String kubeconfig = server.getKubeConfigYaml();

        // the benchmark's own client: creates and the watch; many requests in flight
        Config benchConfig = Config.fromKubeconfig(kubeconfig);
        benchConfig.setMaxConcurrentRequests(256);
        benchConfig.setMaxConcurrentRequestsPerHost(256);
        benchConfig.setRequestRetryBackoffLimit(10);
        benchConfig.setRequestTimeout(300_000); // the baseline's one delete of many monitors
        KubernetesClient bench =
                new KubernetesClientBuilder().withConfig(benchConfig).build();

        // the operator's client, as the operator would have it; every request is counted by method
        Map<String, AtomicLong> operatorRequests = new ConcurrentHashMap<>();
        AtomicLong operatorConflicts = new AtomicLong();
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

        ExecutorService pool = Executors.newFixedThreadPool(creators);
        Thread sampler = new Thread(this::sampleHeap, "heap-sampler");
        sampler.setDaemon(true);
        PlacementLoop loop = null;
        try {
            applyCrds(bench);
            bench.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NS)
                            .endMetadata()
                            .build())
                    .create();
            String[] detectors =
                    Stream.of(DefectType.values()).map(DefectType::wireName).toArray(String[]::new);
            bench.resource(TestResources.pool(NS, POOL, capacity, workers, workers, detectors))
                    .create();
            Instant now = Instant.now();
            List<Future<?>> leases = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                String name = POOL + "-" + i;
                leases.add(pool.submit(() -> bench.resource(TestResources.lease(NS, name, POOL, now, 3600))
                        .create()));
            }
            for (Future<?> f : leases) {
                f.get();
            }
            log(workers + " leases, pool capacity " + capacity + " units per worker");

            BareWrites bare = baseline ? BareWrites.measure(bench, pool, monitors, workers, creators) : null;

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
            long syncDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!loop.hasSynced()) {
                if (System.nanoTime() > syncDeadline) {
                    throw new IllegalStateException("placement loop informers did not sync");
                }
                Thread.sleep(50);
            }
            // let the first passes (pool status) settle, then count only what the monitors cause
            Thread.sleep(2000);
            operatorRequests.values().forEach(n -> n.set(0));
            operatorConflicts.set(0);
            long writesBefore = 0;
            long recorderBefore = recorder.writes();
            long labelsBefore = labeler.writes();
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            maxHeapUsed.set(heapBefore);
            sampler.start();

            Set<String> scheduled = ConcurrentHashMap.newKeySet();
            AtomicLong allScheduledAt = new AtomicLong();
            AtomicReference<Duration> cpuWhenAllScheduled = new AtomicReference<>();
            var watch = bench.resources(StreamMonitor.class).inNamespace(NS).watch(new Watcher<StreamMonitor>() {
                @Override
                public void eventReceived(Action action, StreamMonitor sm) {
                    if (action == Action.DELETED || action == Action.ERROR) {
                        return;
                    }
                    if (isPlaced(sm) && scheduled.add(sm.getMetadata().getName()) && scheduled.size() == monitors) {
                        if (allScheduledAt.compareAndSet(0, System.nanoTime())) {
                            cpuWhenAllScheduled.set(ProcessCpu.total());
                        }
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                    log("watch closed: " + cause);
                }
            });

            log("creating " + monitors + " monitors with " + creators + " threads");
            long start = System.nanoTime();
            Duration cpuAtStart = ProcessCpu.total();
            List<Future<?>> creates = new ArrayList<>(monitors);
            for (int i = 0; i < monitors; i++) {
                String name = String.format("m-%05d", i);
                creates.add(pool.submit(() -> bench.resource(monitor(name)).create()));
            }
            for (Future<?> f : creates) {
                f.get();
            }
            long created = System.nanoTime();
            log(String.format("created in %.1f s", (created - start) / 1e9));

            long deadline = start + TimeUnit.SECONDS.toNanos(timeoutS);
            int lastLogged = -1;
            while (allScheduledAt.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                int n = scheduled.size();
                if (n != lastLogged) {
                    log(String.format(
                            "%6.1f s: %d/%d scheduled, operator writes %d",
                            (System.nanoTime() - start) / 1e9, n, monitors, writes(operatorRequests) - writesBefore));
                    lastLogged = n;
                }
            }
            boolean done = allScheduledAt.get() != 0;
            double seconds = ((done ? allScheduledAt.get() : System.nanoTime()) - start) / 1e9;
            // writes that trail the last Scheduled=True (pool status) belong to the run too
            Thread.sleep(3000);
            watch.close();
            long verified = bench.resources(StreamMonitor.class).inNamespace(NS).list().getItems().stream()
                    .filter(ScaleBenchmark::isPlaced)
                    .count();
            long operatorWrites = writes(operatorRequests) - writesBefore;
            long statusWrites = recorder.writes() - recorderBefore;
            long labelWrites = labeler.writes() - labelsBefore;
            long conflicts = operatorConflicts.get();
            long maxUsed = maxHeapUsed.get();
            System.gc();
            long usedAfterGc = memory.getHeapMemoryUsage().getUsed();
            long heapMax = memory.getHeapMemoryUsage().getMax();

            double perMonitor = (double) operatorWrites / monitors;
            System.out.println();
            System.out.printf(
                    "Operator scale: %d monitors, %d workers (%s units each), %d passes%n%n",
                    monitors, workers, capacity, loop.passes());
            System.out.println("| Measure | Result | Target |");
            System.out.println("|---|---|---|");
            System.out.printf(
                    "| Creates (benchmark client, %d threads) | %.1f s |  |%n", creators, (created - start) / 1e9);
            System.out.printf(
                    "| First create to all placed (Scheduled=True and worker label) | %s | ≤ 60 s |%n",
                    done
                            ? String.format("%.1f s", seconds)
                            : String.format("not reached (%d/%d after %.0f s)", scheduled.size(), monitors, seconds));
            if (bare != null) {
                System.out.printf(
                        "| Baseline: the same creates, status patches and label applies from %d threads, "
                                + "no operator | %.1f s (creates %.1f s, status patches %.1f s, label applies %.1f s) |  |%n",
                        creators, bare.seconds(), bare.createSeconds(), bare.statusSeconds(), bare.labelSeconds());
                System.out.printf("| Operator run ÷ baseline | %.2f |  |%n", seconds / bare.seconds());
                if (done) {
                    double cpu = cpuWhenAllScheduled.get().minus(cpuAtStart).toMillis() / 1e3;
                    System.out.printf(
                            "| CPU (this JVM + etcd + kube-apiserver): operator run / baseline | %.1f s / "
                                    + "%.1f s = %.2f |  |%n",
                            cpu, bare.cpuSeconds(), cpu / bare.cpuSeconds());
                }
            }
            System.out.printf("| Placed in a final list | %d/%d |  |%n", verified, monitors);
            System.out.printf("| Operator write requests | %d (%s) |  |%n", operatorWrites, byMethod(operatorRequests));
            System.out.printf(
                    "| Status writes by the StatusRecorder | %d (409 conflicts: %d) |  |%n", statusWrites, conflicts);
            System.out.printf("| Label writes by the WorkerLabeler | %d |  |%n", labelWrites);
            System.out.printf(
                    "| Operator writes per monitor (1 status + 1 label expected) | %.2f | ≤ 2 |%n", perMonitor);
            System.out.printf("| Heap used, max sampled each second | %d MiB | ≤ 512 MiB |%n", maxUsed >> 20);
            System.out.printf(
                    "| Heap used after GC at the end | %d MiB (before the monitors: %d MiB; -Xmx %d MiB) | ≤ 512 MiB |%n",
                    usedAfterGc >> 20, heapBefore >> 20, heapMax >> 20);
            System.out.println();
            boolean ok = done
                    && verified == monitors
                    && seconds <= 60
                    && perMonitor <= 2
                    && maxUsed <= (512L << 20)
                    && usedAfterGc <= (512L << 20);
            System.out.println(ok ? "all targets met" : "TARGETS MISSED");
            return ok ? 0 : 1;
        } finally {
            if (loop != null) {
                loop.close();
            }
            pool.shutdownNow();
            operator.close();
            bench.close();
            server.stop();
        }
    }

    /** Scheduled=True and labelled for its worker: what a worker needs to find and run the monitor. */
    static boolean isPlaced(StreamMonitor sm) {
        return isScheduled(sm) && !WorkerLabeler.workersOf(sm).isEmpty();
    }

    static boolean isScheduled(StreamMonitor sm) {
        return sm.getStatus() != null
                && sm.getStatus()
                        .findCondition(Conditions.SCHEDULED)
                        .filter(c -> c.getStatus() == ConditionStatus.TRUE)
                        .isPresent();
    }

    /** A monitor with every built-in detector (spec.detectors omitted): one stream unit until the worker reports. */
    static StreamMonitor monitor(String name) {
        return monitorIn(NS, name);
    }

    static StreamMonitor monitorIn(String namespace, String name) {
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(new SourceSpec("srt://encoder-" + name + ":9000"));
        return new StreamMonitor(namespace, name, spec);
    }

    static long writes(Map<String, AtomicLong> requests) {
        long n = 0;
        for (var e : requests.entrySet()) {
            if (!e.getKey().equals("GET")) {
                n += e.getValue().get();
            }
        }
        return n;
    }

    static String byMethod(Map<String, AtomicLong> requests) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(requests).forEach((m, n) -> {
            if (!m.equals("GET")) {
                sb.append(sb.length() == 0 ? "" : ", ").append(m).append(' ').append(n.get());
            }
        });
        return sb.toString();
    }

    private void sampleHeap() {
        while (true) {
            maxHeapUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static void applyCrds(KubernetesClient client) throws Exception {
        Path generated = Stream.of(Path.of("crds", "generated"), Path.of("..", "crds", "generated"))
                .filter(Files::isDirectory)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "crds/generated not found from " + Path.of("").toAbsolutePath()));
        List<Path> files;
        try (Stream<Path> s = Files.list(generated)) {
            files = s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            CustomResourceDefinition crd =
                    Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
            client.resource(crd).create();
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd.getMetadata().getName())
                    .waitUntilCondition(
                            c -> c != null
                                    && c.getStatus() != null
                                    && c.getStatus().getConditions() != null
                                    && c.getStatus().getConditions().stream()
                                            .anyMatch(cond -> "Established".equals(cond.getType())
                                                    && "True".equals(cond.getStatus())),
                            30,
                            TimeUnit.SECONDS);
        }
    }

    static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
