package dev.vigil.operator.pool;

import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.operator.VigilLabels;
import dev.vigil.operator.config.OperatorRateLimiter;
import dev.vigil.operator.config.VigilOperatorConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;

/**
 * Keeps a WorkerPool's workers in place: ServiceAccount, RoleBinding (to the workers' ClusterRole), headless Service,
 * PodDisruptionBudget and the StatefulSet, whose replicas are the scheduler's desired workers for the pool
 * clamped to [minWorkers, maxWorkers]. The pool's status is written by the placement loop (it has the plan),
 * so this reconciler never updates its primary. Its informer is also the placement loop's source of pools
 * ({@link ControllerPools}): WorkerPools are watched once.
 */
@ControllerConfiguration(name = WorkerPoolReconciler.NAME, rateLimiter = OperatorRateLimiter.class)
public class WorkerPoolReconciler implements Reconciler<WorkerPool> {

    public static final String NAME = "workerpool";

    private final PoolDemand demand;
    private final ControllerPools pools;
    private final ResourceApplier applier;
    private final VigilOperatorConfig config;

    public WorkerPoolReconciler(
            PoolDemand demand, ControllerPools pools, ResourceApplier applier, VigilOperatorConfig config) {
        this.demand = demand;
        this.pools = pools;
        this.applier = applier;
        this.config = config;
    }

    @Override
    public UpdateControl<WorkerPool> reconcile(WorkerPool pool, Context<WorkerPool> context) {
        pools.reconciled(pool);
        apply(pool, demand, applier, config.workerImage(), config.leaseDurationSeconds(), config.workerClusterRole());
        return UpdateControl.noUpdate();
    }

    /** {@link #apply(WorkerPool, PoolDemand, ResourceApplier, String, int, String)} with the default worker ClusterRole. */
    public static List<HasMetadata> apply(
            WorkerPool pool,
            PoolDemand demand,
            ResourceApplier applier,
            String defaultImage,
            int leaseDurationSeconds) {
        return apply(
                pool, demand, applier, defaultImage, leaseDurationSeconds, PoolResources.DEFAULT_WORKER_CLUSTER_ROLE);
    }

    /** Applies every object of the pool; replicas from the latest plan, else the last status, else minWorkers. */
    public static List<HasMetadata> apply(
            WorkerPool pool,
            PoolDemand demand,
            ResourceApplier applier,
            String defaultImage,
            int leaseDurationSeconds,
            String workerClusterRole) {
        int min = pool.getSpec().getMinWorkers() == null ? 1 : pool.getSpec().getMinWorkers();
        int desired = demand.desired(
                        pool.getMetadata().getNamespace(), pool.getMetadata().getName())
                .orElseGet(() -> pool.getStatus() != null && pool.getStatus().getDesiredWorkers() != null
                        ? pool.getStatus().getDesiredWorkers()
                        : min);
        List<HasMetadata> objects =
                PoolResources.all(pool, desired, defaultImage, leaseDurationSeconds, workerClusterRole);
        return objects.stream().<HasMetadata>map(applier::apply).toList();
    }

    @Override
    public List<EventSource<?, WorkerPool>> prepareEventSources(EventSourceContext<WorkerPool> context) {
        // the pools as this controller's informer has them, for the placement loop
        pools.attach(context.getPrimaryCache());
        // the StatefulSet: re-apply when someone changes or deletes it (status-only changes are ignored)
        var statefulSets = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(StatefulSet.class, WorkerPool.class)
                        .withLabelSelector(VigilLabels.NAME + "=" + PoolResources.APP)
                        .withOnUpdateFilter((n, o) -> !Objects.equals(
                                n.getMetadata().getGeneration(), o.getMetadata().getGeneration()))
                        .build(),
                context);
        // the placement loop: a pool's desired workers changed
        SimpleInboundEventSource<WorkerPool> demandChanged = new SimpleInboundEventSource<>("pool-demand");
        demand.addListener((namespace, pool) -> demandChanged.propagateEvent(new ResourceID(pool, namespace)));
        return List.of(statefulSets, demandChanged);
    }
}
