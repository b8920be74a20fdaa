package dev.vigil.worker.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil worker}: run as a cluster worker until SIGTERM. In a pod every setting comes from the
 * environment the operator's StatefulSet sets; the flags override it, for running against any API server.
 */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = "Run as a cluster worker: hold a Lease, watch the StreamMonitors assigned to this worker,"
                + " run their sessions and write their status, until SIGTERM.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "2:bad arguments or environment"})
public final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--name", paramLabel = "NAME", description = "Worker name = Lease name (default: $POD_NAME)")
    String name;

    @Option(
            names = "--namespace",
            paramLabel = "NS",
            description = "Namespace of the worker, its Lease and monitors (default: $POD_NAMESPACE)")
    String namespace;

    @Option(
            names = "--pool",
            paramLabel = "POOL",
            description = "WorkerPool this worker belongs to (default: $VIGIL_POOL)")
    String pool;

    @Option(
            names = "--detectors",
            paramLabel = "LIST",
            description = "Detectors of the pool, comma-separated (default: $VIGIL_POOL_DETECTORS)")
    String detectors;

    @Option(
            names = "--capacity",
            paramLabel = "UNITS",
            description = "Stream units this worker carries (default: $VIGIL_POOL_CAPACITY, else 1)")
    Double capacity;

    @Option(
            names = "--lease-duration",
            paramLabel = "SEC",
            description = "Lease duration in seconds (default: $VIGIL_LEASE_DURATION_SECONDS, else 15)")
    Integer leaseDuration;

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "kubeconfig to use (default: in-cluster, else $KUBECONFIG or ~/.kube/config)")
    Path kubeconfig;

    @Option(
            names = "--status-interval",
            paramLabel = "SEC",
            defaultValue = "5",
            description =
                    "Least seconds between status writes of one monitor for routine changes (facts, bit rate); defects and up/down are written at once (default: ${DEFAULT-VALUE})")
    double statusInterval;

    @Option(
            names = "--status-writes-per-sec",
            paramLabel = "N",
            defaultValue = "10",
            description = "Status write budget of this worker, writes per second (default: ${DEFAULT-VALUE})")
    double statusRate;

    @Option(
            names = "--status-burst",
            paramLabel = "N",
            defaultValue = "20",
            description = "Status writes the budget may save up for a burst (default: ${DEFAULT-VALUE})")
    int statusBurst;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "Port of /metrics, /healthz and /readyz; 0 picks a free port (default: ${DEFAULT-VALUE})")
    int httpPort;

    @Override
    public Integer call() {
        // everything Kubernetes and Micrometer lives behind this call, so other commands never load it
        return WorkerLauncher.run(this);
    }
}
