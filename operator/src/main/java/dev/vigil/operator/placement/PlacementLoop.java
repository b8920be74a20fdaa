package dev.vigil.operator.placement;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.operator.membership.LeaseClock;
import dev.vigil.operator.membership.WorkerLease;
import dev.vigil.operator.membership.WorkerMembership;
import dev.vigil.operator.pool.PoolDemand;
import dev.vigil.operator.scheduling.ClusterState;
import dev.vigil.operator.scheduling.Monitor;
import dev.vigil.operator.scheduling.Plan;
import dev.vigil.operator.scheduling.Pool;
import dev.vigil.operator.scheduling.Scheduler;
import dev.vigil.operator.scheduling.Worker;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import org.jboss.logging.Logger;

/**
 * The scheduling loop. Informers on StreamMonitors and WorkerPools (and worker Leases through
 * {@link WorkerMembership}) mark namespaces dirty; dirty namespaces are planned together after a short
 * debounce, so a burst of 10,000 changes costs a few passes, not 10,000. A timer compares each namespace's
 * set of alive workers with the one its last pass saw, so an expired lease starts a pass within one tick.
 *
 * <p>A pass builds the namespace's {@link ClusterState} from the informer caches, runs {@link Scheduler#plan},
 * writes every monitor's and pool's status through the {@link StatusRecorder} (which skips unchanged ones) and
 * then the monitor's worker labels through the {@link WorkerLabeler} (likewise),
 * marks the workers the plan drains, and hands the pools' desired workers to {@link PoolDemand}.
 *
 * <p>All passes run on one thread. Only the operator's own status fields and worker labels change through it,
 * and changes to those do not trigger passes (a worker label edited by someone else does, so it is repaired).
 */
public final class PlacementLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PlacementLoop.class);

    private static final int STATUS_WRITERS = 16;

    private final KubernetesClient client;
    private final LeaseClock clock;
    private final WorkerMembership membership;
    private final StatusRecorder recorder;
    private final WorkerLabeler labeler;
    private final PoolDemand demand;
    private final Duration debounce;
    private final Duration tick;
    private final Scheduler scheduler = new Scheduler();

    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean passScheduled = new AtomicBoolean();
    private final Map<String, Set<String>> aliveAtLastPass = new ConcurrentHashMap<>();
    private final AtomicLong passes = new AtomicLong();
    private final Map<String, AtomicLong> passesByNamespace = new ConcurrentHashMap<>();
    /**
     * Status patches of one pass go out in parallel: each is a round trip to the API server, and one at a
     * time they, not planning, bound how fast thousands of new monitors get placed. Bounded so that a pass
     * cannot flood the API server; the JOSDK-wide rate limiter does not cover these writes.
     */
    private ExecutorService statusWriters;
    private volatile boolean running;
    private ScheduledExecutorService executor;
    private SharedIndexInformer<StreamMonitor> monitors;
    private SharedIndexInformer<WorkerPool> pools;

    public PlacementLoop(KubernetesClient client, LeaseClock clock, WorkerMembership membership,
                         StatusRecorder recorder, WorkerLabeler labeler, PoolDemand demand, Duration debounce,
                         Duration tick) {
        this.client = client;
        this.clock = clock;
        this.membership = membership;
        this.recorder = recorder;
        this.labeler = labeler;
        this.demand = demand;
        this.debounce = debounce;
        this.tick = tick;
    }

    /** Starts the informers, the timer and a first pass over every namespace. */
    public synchronized void start() {
        if (running) {
            return;
        }
        statusWriters = Executors.newFixedThreadPool(STATUS_WRITERS, r -> {
            Thread t = new Thread(r, "vigil-status-writer");
            t.setDaemon(true);
            return t;
        });
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-placement");
            t.setDaemon(true);
            return t;
        });
        running = true;
        monitors = client.resources(StreamMonitor.class).inAnyNamespace()
                .inform(handler((a, b) -> monitorChangeMatters(a, b) || labeler.changedByOthers(a, b)), 0);
        pools = client.resources(WorkerPool.class).inAnyNamespace()
                .inform(handler((a, b) -> !Objects.equals(a.getMetadata().getGeneration(), b.getMetadata().getGeneration())), 0);
        membership.start(this::trigger);
        long tickMs = Math.max(10, tick.toMillis());
        executor.scheduleWithFixedDelay(this::checkExpiry, tickMs, tickMs, TimeUnit.MILLISECONDS);
        LOG.infof("placement loop started (debounce %s, lease check every %s)", debounce, tick);
    }

    /** Marks a namespace for planning; passes start at most once per debounce interval. */
    public void trigger(String namespace) {
        if (!running || namespace == null) {
            return;
        }
        dirty.add(namespace);
        if (passScheduled.compareAndSet(false, true)) {
            executor.schedule(this::drain, debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs a pass for one namespace on the loop's thread and waits for it (for tests and tools). */
    public Plan passNow(String namespace) {
        try {
            return executor.submit(() -> pass(namespace)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public long passes() {
        return passes.get();
    }

    /** Passes run for one namespace since start. */
    public long passes(String namespace) {
        AtomicLong n = passesByNamespace.get(namespace);
        return n == null ? 0 : n.get();
    }

    public boolean hasSynced() {
        return monitors != null && monitors.hasSynced() && pools != null && pools.hasSynced() && membership.hasSynced();
    }

    private void drain() {
        passScheduled.set(false);
        Set<String> batch = new TreeSet<>(dirty);
        dirty.removeAll(batch);
        for (String namespace : batch) {
            try {
                pass(namespace);
            } catch (RuntimeException e) {
                LOG.errorf(e, "placement pass for namespace %s failed; retrying", namespace);
                dirty.add(namespace);
                if (passScheduled.compareAndSet(false, true)) {
                    executor.schedule(this::drain, Math.max(1000, debounce.toMillis()), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void checkExpiry() {
        try {
            Instant now = clock.now();
            Set<String> namespaces = new HashSet<>(membership.namespaces());
            namespaces.addAll(aliveAtLastPass.keySet());
            for (String ns : namespaces) {
                if (!alive(membership.leases(ns), now).equals(aliveAtLastPass.getOrDefault(ns, Set.of()))) {
                    trigger(ns);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("lease check failed", e);
        }
    }

    /** One scheduling pass over a namespace. */
    Plan pass(String namespace) {
        passes.incrementAndGet();
        passesByNamespace.computeIfAbsent(namespace, ns -> new AtomicLong()).incrementAndGet();
        Instant now = clock.now();
        List<StreamMonitor> sms = cached(monitors, namespace);
        List<WorkerPool> wps = cached(pools, namespace);
        List<WorkerLease> leases = membership.leases(namespace);

        List<Monitor> ms = new ArrayList<>();
        Map<String, Double> costs = new HashMap<>();
        for (StreamMonitor sm : sms) {
            if (sm.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            Monitor m = ClusterStateMapper.toMonitor(sm, now);
            ms.add(m);
            costs.put(sm.getMetadata().getName(), m.cost());
        }
        List<Pool> ps = new ArrayList<>();
        Map<String, WorkerPool> poolsByName = new HashMap<>();
        for (WorkerPool wp : wps) {
            Optional<Pool> p = ClusterStateMapper.toPool(wp);
            if (p.isPresent()) {
                ps.add(p.get());
                poolsByName.put(wp.getMetadata().getName(), wp);
            }
        }
        List<Worker> workers = new ArrayList<>();
        for (WorkerLease lease : leases) {
            workers.add(lease.toWorker(now));
        }
        Plan plan = scheduler.plan(new ClusterState(ms, ps, workers, now));

        writeMonitorStatuses(sms, plan);
        for (String worker : plan.workersToDrain()) {
            membership.markDraining(namespace, worker);
        }
        for (Pool p : ps) {
            WorkerPool wp = poolsByName.get(p.name());
            int desired = plan.desiredWorkers().getOrDefault(p.name(), p.minWorkers());
            recorder.recordPool(wp, PoolStatusPlanner.status(wp, p, plan, workers, costs, desired));
            demand.update(namespace, p.name(), desired);
        }
        aliveAtLastPass.put(namespace, alive(leases, now));
        LOG.debugf("pass %s: %d monitors, %d pools, %d workers, %d unplaced, %d moves", namespace, ms.size(),
                ps.size(), workers.size(), plan.unplaced().size(), plan.moves());
        return plan;
    }

    private static Set<String> alive(List<WorkerLease> leases, Instant now) {
        Set<String> out = new TreeSet<>();
        for (WorkerLease l : leases) {
            if (l.aliveAt(now)) {
                out.add(l.worker());
            }
        }
        return out;
    }

    private static <T extends HasMetadata> List<T> cached(SharedIndexInformer<T> informer, String namespace) {
        return informer == null ? List.of() : informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    /** Spec changes, deletion, and what the worker reports that placement or Ready depend on. */
    static boolean monitorChangeMatters(StreamMonitor a, StreamMonitor b) {
        if (!Objects.equals(a.getMetadata().getGeneration(), b.getMetadata().getGeneration())
                || !Objects.equals(a.getMetadata().getDeletionTimestamp(), b.getMetadata().getDeletionTimestamp())) {
            return true;
        }
        StreamMonitorStatus sa = a.getStatus();
        StreamMonitorStatus sb = b.getStatus();
        return !Objects.equals(sa == null ? null : sa.getStream(), sb == null ? null : sb.getStream())
                || !Objects.equals(workerConditions(sa), workerConditions(sb));
    }

    private static List<String> workerConditions(StreamMonitorStatus status) {
        List<String> out = new ArrayList<>();
        if (status != null && status.getConditions() != null) {
            for (Condition c : status.getConditions()) {
                if (Conditions.STREAM_UP.equals(c.getType()) || Conditions.DEFECTS_ACTIVE.equals(c.getType())) {
                    out.add(c.getType() + "=" + c.getStatus() + "/" + c.getMessage());
                }
            }
        }
        return out;
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(BiPredicate<T, T> updateMatters) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                trigger(obj.getMetadata().getNamespace());
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (updateMatters.test(oldObj, newObj)) {
                    trigger(newObj.getMetadata().getNamespace());
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                recorder.forget(obj.getMetadata().getUid());
                labeler.forget(obj.getMetadata().getUid());
                if (obj instanceof WorkerPool) {
                    demand.forget(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
                }
                trigger(obj.getMetadata().getNamespace());
            }
        };
    }

    private void writeMonitorStatuses(List<StreamMonitor> sms, Plan plan) {
        List<Future<?>> writes = new ArrayList<>();
        for (StreamMonitor sm : sms) {
            if (sm.getMetadata().getDeletionTimestamp() == null) {
                Set<String> workers = new TreeSet<>();
                plan.assignmentsOf(ClusterStateMapper.id(sm)).forEach(a -> workers.add(a.worker()));
                writes.add(statusWriters.submit(() -> {
                    // the assignment in the status first, then the label a worker selects by: a worker that sees the
                    // label finds its assignment; a removal reaches the status before the label goes
                    recorder.recordMonitor(sm, current -> MonitorStatusPlanner.plan(current, plan));
                    labeler.label(sm, workers);
                    return null;
                }));
            }
        }
        for (Future<?> write : writes) {
            try {
                write.get();
            } catch (ExecutionException e) {
                // one monitor's failed write must not stop the others; the next pass retries it
                LOG.warnf("status write failed: %s", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops the informers and the loop; a pass in progress finishes first (bounded wait). */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (monitors != null) {
            monitors.close();
        }
        if (pools != null) {
            pools.close();
        }
        statusWriters.shutdown();
        membership.close();
        aliveAtLastPass.clear();
        dirty.clear();
        passScheduled.set(false);
        LOG.info("placement loop stopped");
    }
}
