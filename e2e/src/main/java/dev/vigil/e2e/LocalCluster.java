package dev.vigil.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Vigil on one machine: a real API server, the operator and worker processes, as they would run in a
 * cluster. The API server runs no kubelet, so the StatefulSet the operator creates never gets pods; the
 * workers are started here instead, under the names those pods would have ({@code <pool>-0}, ...), with the
 * environment the pod template gives them. They join through their Leases exactly as pods do.
 */
public final class LocalCluster implements AutoCloseable {

    /** Namespace of the operator's leader-election Lease. */
    public static final String SYSTEM_NAMESPACE = "vigil-system";

    private final VigilCommands vigil;
    private final LocalApiServer apiServer;
    private final Path logDir;
    private final int leaseDurationSeconds;
    private final Map<String, ChildProcess> workers = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private ChildProcess operator;

    private LocalCluster(VigilCommands vigil, LocalApiServer apiServer, Path logDir, int leaseDurationSeconds) {
        this.vigil = vigil;
        this.apiServer = apiServer;
        this.logDir = logDir;
        this.leaseDurationSeconds = leaseDurationSeconds;
    }

    /** Why the local cluster cannot run here, or null. */
    public static String cannotRun(VigilCommands vigil) {
        String missing = LocalApiServer.missingBinaries();
        return missing != null ? missing : vigil.missingBuild();
    }

    public static LocalCluster start(VigilCommands vigil, Path logDir, int leaseDurationSeconds) {
        String reason = cannotRun(vigil);
        if (reason != null) {
            throw new IllegalStateException(reason);
        }
        LocalApiServer apiServer = LocalApiServer.start(vigil.root());
        apiServer.createNamespace(SYSTEM_NAMESPACE);
        return new LocalCluster(vigil, apiServer, logDir, leaseDurationSeconds);
    }

    /** Starts the operator (production profile: leader election on), as its Deployment would. */
    public ChildProcess startOperator(String podName) {
        List<String> properties = List.of(
                "-Dvigil.operator.leader-election.lease-namespace=" + SYSTEM_NAMESPACE,
                "-Dvigil.operator.lease-duration-seconds=" + leaseDurationSeconds,
                "-Dvigil.operator.lease-check-interval=" + Math.max(1, leaseDurationSeconds / 3) + "s",
                "-Dquarkus.http.port=0");
        operator = ChildProcess.start(
                podName,
                vigil.operator(properties),
                Map.of(
                        "KUBECONFIG", apiServer.kubeconfig().toString(),
                        "POD_NAME", podName,
                        "POD_NAMESPACE", SYSTEM_NAMESPACE),
                logDir);
        return operator;
    }

    /**
     * Starts a worker of a pool as its pod would run: {@code vigil worker} with the pod's environment.
     *
     * @param ordinal the StatefulSet ordinal; the worker is named {@code <pool>-<ordinal>}
     */
    public ChildProcess startWorker(
            String namespace, String pool, int ordinal, List<String> detectors, double capacity, int httpPort) {
        String name = pool + "-" + ordinal;
        ChildProcess worker = ChildProcess.start(
                name,
                vigil.vigil(List.of("worker", "--http-port", Integer.toString(httpPort))),
                Map.of(
                        "KUBECONFIG",
                        apiServer.kubeconfig().toString(),
                        "POD_NAME",
                        name,
                        "POD_NAMESPACE",
                        namespace,
                        "VIGIL_POOL",
                        pool,
                        "VIGIL_POOL_DETECTORS",
                        String.join(",", detectors),
                        "VIGIL_POOL_CAPACITY",
                        Double.toString(capacity),
                        "VIGIL_LEASE_DURATION_SECONDS",
                        Integer.toString(leaseDurationSeconds)),
                logDir);
        workers.put(name, worker);
        return worker;
    }

    public ChildProcess worker(String name) {
        return workers.get(name);
    }

    /** Applies YAML (one or more documents) with the real kubectl, server-side. */
    public String apply(String namespace, String yaml) {
        return kubectlWithInput(
                yaml, "apply", "--server-side", "--field-manager=local-user", "-n", namespace, "-f", "-");
    }

    /** Runs kubectl against the API server; returns its output, or throws with it when it fails. */
    public String kubectl(String... args) {
        return kubectlWithInput(null, args);
    }

    private String kubectlWithInput(String input, String... args) {
        List<String> command = new ArrayList<>(List.of(
                apiServer.kubectl().toString(),
                "--kubeconfig",
                apiServer.kubeconfig().toString()));
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public KubernetesClient client() {
        return apiServer.client();
    }

    public LocalApiServer apiServer() {
        return apiServer;
    }

    public Path logDir() {
        return logDir;
    }

    /** The last lines of every process's log, for failure messages. */
    public String logs(int lines) {
        StringBuilder out = new StringBuilder();
        List<ChildProcess> all = new ArrayList<>(workers.values());
        if (operator != null) {
            all.add(0, operator);
        }
        for (ChildProcess p : all) {
            out.append("---- ")
                    .append(p.name())
                    .append(p.isAlive() ? "" : " (exited)")
                    .append(" ----\n")
                    .append(p.tail(lines))
                    .append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        workers.values().forEach(ChildProcess::close);
        if (operator != null) {
            operator.close();
        }
        apiServer.close();
    }

    /** A fresh folder for logs under the given parent. */
    public static Path newLogDir(Path parent) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
