package dev.vigil.operator.app;

import dev.vigil.operator.config.VigilOperatorConfig;
import dev.vigil.operator.membership.LeaseClock;
import dev.vigil.operator.membership.WorkerMembership;
import dev.vigil.operator.placement.PlacementLoop;
import dev.vigil.operator.placement.StatusRecorder;
import dev.vigil.operator.placement.WorkerLabeler;
import dev.vigil.operator.pool.ControllerPools;
import dev.vigil.operator.pool.PoolDemand;
import dev.vigil.operator.pool.ResourceApplier;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Locale;

/** Wiring of the plain classes into the Quarkus application. */
@ApplicationScoped
public class OperatorBeans {

    @Produces
    @Singleton
    LeaseClock clock() {
        return LeaseClock.SYSTEM;
    }

    @Produces
    @Singleton
    PoolDemand poolDemand() {
        return new PoolDemand();
    }

    @Produces
    @Singleton
    ControllerPools controllerPools() {
        return new ControllerPools();
    }

    @Produces
    @Singleton
    ResourceApplier applier(KubernetesClient client, VigilOperatorConfig config) {
        return new ResourceApplier(client, applyMode(config));
    }

    private static ResourceApplier.Mode applyMode(VigilOperatorConfig config) {
        return ResourceApplier.Mode.valueOf(config.applyMode().toUpperCase(Locale.ROOT));
    }

    @Produces
    @Singleton
    StatusRecorder statusRecorder(KubernetesClient client, LeaseClock clock) {
        return new StatusRecorder(client, clock);
    }

    @Produces
    @Singleton
    WorkerLabeler workerLabeler(KubernetesClient client, VigilOperatorConfig config) {
        return new WorkerLabeler(client, applyMode(config));
    }

    @Produces
    @Singleton
    PlacementLoop placementLoop(
            KubernetesClient client,
            LeaseClock clock,
            ControllerPools pools,
            StatusRecorder recorder,
            WorkerLabeler labeler,
            PoolDemand demand,
            VigilOperatorConfig config) {
        return new PlacementLoop(
                client,
                clock,
                new WorkerMembership(client, clock),
                pools,
                recorder,
                labeler,
                demand,
                config.debounce(),
                config.leaseCheckInterval());
    }
}
