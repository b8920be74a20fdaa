package dev.vigil.operator.placement;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.operator.membership.LeaseClock;
import dev.vigil.operator.membership.WorkerLease;
import dev.vigil.operator.membership.WorkerMembership;
import dev.vigil.operator.pool.PoolDemand;
import dev.vigil.operator.scheduling.ClusterState;
import dev.vigil.operator.scheduling.Monitor;
import dev.vigil.operator.scheduling.MonitorId;
import dev.vigil.operator.scheduling.Plan;
import dev.vigil.operator.scheduling.Pool;
import dev.vigil.operator.scheduling.Scheduler;
import dev.vigil.operator.scheduling.Worker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scheduling pass over a namespace: the {@link ClusterState} from the caches, {@link Scheduler#plan}, then what
 * the plan implies: every monitor's status through the {@link StatusRecorder} and then its worker labels through
 * the {@link WorkerLabeler} (both skip unchanged writes), the drains, each pool's status and its desired workers.
 */
final class SchedulingPass {

    private static final System.Logger LOG = System.getLogger(SchedulingPass.class.getName());

    private final LeaseClock clock;
    private final WorkerMembership membership;
    private final StatusRecorder recorder;
    private final WorkerLabeler labeler;
    private final PoolDemand demand;
    private final StatusWriters writers;
    private final Scheduler scheduler = new Scheduler();

    SchedulingPass(
            LeaseClock clock,
            WorkerMembership membership,
            StatusRecorder recorder,
            WorkerLabeler labeler,
            PoolDemand demand,
            StatusWriters writers) {
        this.clock = clock;
        this.membership = membership;
        this.recorder = recorder;
        this.labeler = labeler;
        this.demand = demand;
        this.writers = writers;
    }

    PlannedNamespace run(String namespace, List<StreamMonitor> cachedMonitors, List<WorkerPool> cachedPools) {
        Instant now = clock.now();
        List<StreamMonitor> sms = new ArrayList<>();
        List<Monitor> ms = new ArrayList<>();
        Map<MonitorId, Long> generations = new HashMap<>();
        Map<String, Double> costs = new HashMap<>();
        for (StreamMonitor sm : cachedMonitors) {
            if (sm.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            Monitor m = ClusterStateMapper.toMonitor(sm, now);
            sms.add(sm);
            ms.add(m);
            generations.put(m.id(), m.generation());
            costs.put(sm.getMetadata().getName(), m.cost());
        }
        List<Pool> ps = new ArrayList<>();
        Map<String, WorkerPool> poolsByName = new HashMap<>();
        for (WorkerPool wp : cachedPools) {
            Optional<Pool> p = ClusterStateMapper.toPool(wp);
            if (p.isPresent()) {
                ps.add(p.get());
                poolsByName.put(wp.getMetadata().getName(), wp);
            }
        }
        List<WorkerLease> leases = membership.leases(namespace);
        List<Worker> workers = new ArrayList<>();
        for (WorkerLease lease : leases) {
            workers.add(lease.toWorker(now));
        }
        Plan plan = scheduler.plan(new ClusterState(ms, ps, workers, now));

        writeMonitors(sms, plan);
        for (String worker : plan.workersToDrain()) {
            membership.markDraining(namespace, worker);
        }
        for (Pool p : ps) {
            WorkerPool wp = poolsByName.get(p.name());
            int desired = plan.desiredWorkers().getOrDefault(p.name(), p.minWorkers());
            recorder.recordPool(wp, PoolStatusMapper.status(wp, p, plan, workers, costs, desired));
            demand.update(namespace, p.name(), desired);
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                () -> String.format(
                        "pass %s: %d monitors, %d pools, %d workers, %d unplaced," + " %d moves",
                        namespace,
                        ms.size(),
                        ps.size(),
                        workers.size(),
                        plan.unplaced().size(),
                        plan.moves()));
        return new PlannedNamespace(plan, generations, alive(leases, now), versions(cachedPools));
    }

    private void writeMonitors(List<StreamMonitor> sms, Plan plan) {
        List<Runnable> writes = new ArrayList<>(sms.size());
        for (StreamMonitor sm : sms) {
            Set<String> workers = new TreeSet<>();
            plan.assignmentsOf(ClusterStateMapper.id(sm)).forEach(a -> workers.add(a.worker()));
            writes.add(() -> {
                // the assignment in the status first, then the label a worker selects by: a worker that sees the
                // label finds its assignment; a removal reaches the status before the label goes
                recorder.recordMonitor(sm, current -> MonitorStatusMapper.owned(current, plan));
                labeler.label(sm, workers);
            });
        }
        writers.runAll(writes);
    }

    static Set<String> alive(List<WorkerLease> leases, Instant now) {
        Set<String> out = new TreeSet<>();
        for (WorkerLease l : leases) {
            if (l.aliveAt(now)) {
                out.add(l.worker());
            }
        }
        return out;
    }

    /** Each pool's identity and spec version: what a pass depends on of a pool. */
    static Map<String, String> versions(List<WorkerPool> pools) {
        Map<String, String> out = new HashMap<>();
        for (WorkerPool wp : pools) {
            out.put(
                    wp.getMetadata().getName(),
                    wp.getMetadata().getUid() + "/" + wp.getMetadata().getGeneration());
        }
        return out;
    }
}
