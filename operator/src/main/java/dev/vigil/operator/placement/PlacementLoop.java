package dev.vigil.operator.placement;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.operator.membership.LeaseClock;
import dev.vigil.operator.membership.WorkerMembership;
import dev.vigil.operator.pool.PoolDemand;
import dev.vigil.operator.pool.PoolSource;
import dev.vigil.operator.scheduling.Plan;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The placement loop. Two kinds of work, both on one thread ({@code vigil-placement-1}) so they never race:
 *
 * <ul>
 *   <li><b>Scheduling passes</b> ({@link SchedulingPass}) for what placement depends on: a monitor's spec, deletion
 *       or cost (the stream format its worker reports), a pool appearing, changing its spec or going, a worker's
 *       lease appearing, going, changing pool, draining or expiring, and worker labels edited by others. Such
 *       changes mark the namespace dirty; dirty namespaces are planned together after a short debounce, so a burst
 *       of 10,000 changes costs a few passes, not 10,000.</li>
 *   <li><b>Status steps</b> ({@link MonitorStatusStep}) for what only a monitor's {@code Ready} and {@code health}
 *       depend on: the worker's StreamUp and DefectsActive ({@link WorkerReport}). Such monitors are collected over
 *       the same debounce and their status recomputed from the namespace's last plan, monitor by monitor: no
 *       scheduling pass for a worker's status change.</li>
 * </ul>
 *
 * StreamMonitors come from this loop's informer, Leases from {@link WorkerMembership}'s, WorkerPools from a
 * {@link PoolSource} (in the operator, the WorkerPool controller's informer): one watch per kind. A timer (the
 * lease check) compares each namespace's alive workers and pools with those its last pass saw, so an expired lease
 * or a deleted pool starts a pass within one tick without any event. The operator's own status and label writes
 * start nothing.
 */
public final class PlacementLoop implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PlacementLoop.class.getName());

    private static final int STATUS_WRITERS = 16;

    private final KubernetesClient client;
    private final LeaseClock clock;
    private final WorkerMembership membership;
    private final PoolSource pools;
    private final StatusRecorder recorder;
    private final WorkerLabeler labeler;
    private final PoolDemand demand;
    private final Duration debounce;
    private final Duration tick;

    /** Namespaces waiting for a scheduling pass. */
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    /** Monitors (namespace/name) waiting for a status step. */
    private final Set<String> statusDirty = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Map<String, PlannedNamespace> lastPass = new ConcurrentHashMap<>();
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong statusSteps = new AtomicLong();
    private final Map<String, AtomicLong> passesByNamespace = new ConcurrentHashMap<>();
    private volatile boolean running;
    private ScheduledExecutorService executor;
    private StatusWriters writers;
    private SchedulingPass pass;
    private MonitorStatusStep statusStep;
    private SharedIndexInformer<StreamMonitor> monitors;

    public PlacementLoop(
            KubernetesClient client,
            LeaseClock clock,
            WorkerMembership membership,
            PoolSource pools,
            StatusRecorder recorder,
            WorkerLabeler labeler,
            PoolDemand demand,
            Duration debounce,
            Duration tick) {
        this.client = client;
        this.clock = clock;
        this.membership = membership;
        this.pools = pools;
        this.recorder = recorder;
        this.labeler = labeler;
        this.demand = demand;
        this.debounce = debounce;
        this.tick = tick;
        pools.onChange(this::poolsMayHaveChanged);
    }

    /** Starts the informers and the timer; every namespace with monitors, pools or leases gets a first pass. */
    public synchronized void start() {
        if (running) {
            return;
        }
        writers = new StatusWriters(STATUS_WRITERS);
        pass = new SchedulingPass(clock, membership, recorder, labeler, demand, writers);
        statusStep = new MonitorStatusStep(recorder, writers);
        executor = Executors.newSingleThreadScheduledExecutor(new NamedThreads("vigil-placement"));
        running = true;
        monitors = client.resources(StreamMonitor.class).inAnyNamespace().inform(new MonitorEvents(), 0);
        membership.start(this::trigger);
        pools.namespaces().forEach(this::trigger);
        long tickMs = Math.max(10, tick.toMillis());
        executor.scheduleWithFixedDelay(this::check, tickMs, tickMs, TimeUnit.MILLISECONDS);
        LOG.log(
                System.Logger.Level.INFO,
                "placement loop started (debounce " + debounce + ", lease check every " + tick + ")");
    }

    /** Marks a namespace for a scheduling pass; work starts at most once per debounce interval. */
    public void trigger(String namespace) {
        if (!running || namespace == null) {
            return;
        }
        dirty.add(namespace);
        scheduleDrain(debounce.toMillis());
    }

    /** Runs a pass for one namespace on the loop's thread and waits for it (for tests and tools). */
    public Plan passNow(String namespace) {
        try {
            return executor.submit(() -> pass(namespace).plan()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Scheduling passes run since start. */
    public long passes() {
        return passes.get();
    }

    /** Passes run for one namespace since start. */
    public long passes(String namespace) {
        AtomicLong n = passesByNamespace.get(namespace);
        return n == null ? 0 : n.get();
    }

    /** Monitors whose status was recomputed from the last plan, without a pass, since start. */
    public long statusSteps() {
        return statusSteps.get();
    }

    public boolean hasSynced() {
        return monitors != null && monitors.hasSynced() && pools.hasSynced() && membership.hasSynced();
    }

    private void scheduleDrain(long delayMillis) {
        if (drainScheduled.compareAndSet(false, true)) {
            executor.schedule(this::drain, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        if (!pools.hasSynced()) {
            // planning with a pool cache still filling would report monitors as having no pool
            scheduleDrain(Math.max(1000, debounce.toMillis()));
            return;
        }
        Set<String> batch = new TreeSet<>(dirty);
        dirty.removeAll(batch);
        for (String namespace : batch) {
            try {
                pass(namespace);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "placement pass for namespace " + namespace + " failed; retrying",
                        e);
                dirty.add(namespace);
                scheduleDrain(Math.max(1000, debounce.toMillis()));
            }
        }
        stepStatuses();
    }

    /** Monitors whose worker report changed: their status from the last plan of their namespace. */
    private void stepStatuses() {
        List<String> keys = new ArrayList<>(statusDirty);
        statusDirty.removeAll(keys);
        List<StreamMonitor> due = new ArrayList<>();
        for (String key : keys) {
            StreamMonitor sm = monitors.getStore().getByKey(key);
            // a monitor in a namespace that waits for a pass gets its status from that pass
            if (sm != null && !dirty.contains(sm.getMetadata().getNamespace())) {
                due.add(sm);
            }
        }
        statusSteps.addAndGet(statusStep.run(due, lastPass::get));
    }

    private void check() {
        try {
            Instant now = clock.now();
            Set<String> namespaces = new HashSet<>(membership.namespaces());
            namespaces.addAll(pools.namespaces());
            namespaces.addAll(lastPass.keySet());
            for (String ns : namespaces) {
                PlannedNamespace last = lastPass.get(ns);
                Set<String> alive = SchedulingPass.alive(membership.leases(ns), now);
                if (last == null
                        || !alive.equals(last.aliveWorkers())
                        || !SchedulingPass.versions(pools.inNamespace(ns)).equals(last.pools())) {
                    trigger(ns);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "lease check failed", e);
        }
    }

    /** A pool was added or changed: a pass when what the last one planned with differs. */
    private void poolsMayHaveChanged(String namespace) {
        PlannedNamespace last = lastPass.get(namespace);
        if (last == null
                || !SchedulingPass.versions(pools.inNamespace(namespace)).equals(last.pools())) {
            trigger(namespace);
        }
    }

    private PlannedNamespace pass(String namespace) {
        passes.incrementAndGet();
        passesByNamespace.computeIfAbsent(namespace, ns -> new AtomicLong()).incrementAndGet();
        PlannedNamespace planned = pass.run(
                namespace,
                monitors.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace),
                pools.inNamespace(namespace));
        PlannedNamespace before = lastPass.put(namespace, planned);
        if (before != null) {
            forgetPoolsGone(namespace, before, planned);
        }
        return planned;
    }

    /** Pools deleted (or replaced by a new one of the same name) since the last pass: nothing to remember of them. */
    private void forgetPoolsGone(String namespace, PlannedNamespace before, PlannedNamespace now) {
        before.pools().forEach((name, version) -> {
            String uid = version.substring(0, version.lastIndexOf('/'));
            String current = now.pools().get(name);
            if (current == null || !current.startsWith(uid + "/")) {
                recorder.forget(uid);
                if (current == null) {
                    demand.forget(namespace, name);
                }
            }
        });
    }

    /** What a StreamMonitor event means: a pass, a status step, or nothing. */
    private final class MonitorEvents implements ResourceEventHandler<StreamMonitor> {
        @Override
        public void onAdd(StreamMonitor sm) {
            trigger(sm.getMetadata().getNamespace());
        }

        @Override
        public void onUpdate(StreamMonitor before, StreamMonitor after) {
            if (MonitorChange.mattersToScheduling(before, after) || labeler.changedByOthers(before, after)) {
                trigger(after.getMetadata().getNamespace());
            } else if (MonitorChange.mattersToReadiness(before, after) && running) {
                statusDirty.add(Cache.metaNamespaceKeyFunc(after));
                scheduleDrain(debounce.toMillis());
            }
        }

        @Override
        public void onDelete(StreamMonitor sm, boolean deletedFinalStateUnknown) {
            recorder.forget(sm.getMetadata().getUid());
            labeler.forget(sm.getMetadata().getUid());
            trigger(sm.getMetadata().getNamespace());
        }
    }

    /** Stops the informer and the loop; a pass in progress finishes first (bounded wait). */
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
        writers.close();
        membership.close();
        lastPass.clear();
        dirty.clear();
        statusDirty.clear();
        drainScheduled.set(false);
        LOG.log(System.Logger.Level.INFO, "placement loop stopped");
    }
}
