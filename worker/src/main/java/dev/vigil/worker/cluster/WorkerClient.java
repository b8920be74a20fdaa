package dev.vigil.worker.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The worker's Kubernetes client. Requests fail fast (a few retries, 10 s timeouts) rather than the client's
 * defaults of many retries: the status hub and the lease keeper retry on their own schedule, and a call
 * stuck for minutes would hold back every other monitor's status.
 */
public final class WorkerClient {

    private WorkerClient() {}

    /** From a kubeconfig file, or (null) the usual places: in-cluster, $KUBECONFIG, ~/.kube/config. */
    public static KubernetesClient create(Path kubeconfig) {
        Config base;
        if (kubeconfig != null) {
            try {
                base = Config.fromKubeconfig(Files.readString(kubeconfig));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + kubeconfig + ": " + e.getMessage(), e);
            }
        } else {
            base = Config.autoConfigure(null);
        }
        return create(base);
    }

    public static KubernetesClient create(Config base) {
        Config config = new ConfigBuilder(base)
                .withRequestRetryBackoffLimit(2)
                .withRequestRetryBackoffInterval(200)
                .withRequestTimeout(10_000)
                .withConnectionTimeout(5_000)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
