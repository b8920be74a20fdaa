package dev.vigil.operator.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The properties every plan must have, checked against the state it was made from. */
final class PlanChecks {

    private static final Pattern NAMED_POOL = Pattern.compile("pool (\\S+) needs");

    private PlanChecks() {}

    static void assertValid(ClusterState state, Plan plan) {
        Map<String, Pool> pools = state.pools().stream().collect(Collectors.toMap(Pool::name, Function.identity()));
        Map<String, Worker> workers =
                state.workers().stream().collect(Collectors.toMap(Worker::name, Function.identity()));
        Map<MonitorId, Monitor> monitors =
                state.monitors().stream().collect(Collectors.toMap(Monitor::id, Function.identity()));
        Map<String, Long> load = new HashMap<>();
        Map<String, Double> loadUnits = new HashMap<>();

        assertThat(monitors.keySet()).containsAll(plan.assignments().keySet());
        plan.assignments().forEach((id, shards) -> {
            Monitor m = monitors.get(id);
            check(!m.suspended(), "suspended %s placed", id);
            check(!shards.isEmpty(), "no shards listed for %s", id);
            Set<String> seenPools = new HashSet<>();
            Set<String> covered = new HashSet<>();
            for (Assignment a : shards) {
                Worker w = workers.get(a.worker());
                Pool p = pools.get(a.pool());
                check(p != null && w != null && w.pool().equals(a.pool()), "%s: unknown pool or worker", a);
                check(w.alive() && !w.draining() && !plan.workersToDrain().contains(w.name()), "%s is not ready", w);
                check(p.detectors().containsAll(a.detectors()), "%s: pool lacks detectors", a);
                check(a.generation() == m.generation(), "%s: generation of %s", a, id);
                check(!a.detectors().isEmpty(), "%s: no detectors", a);
                check(seenPools.add(a.pool()), "two shards of %s in one pool", id);
                for (String d : a.detectors()) {
                    check(covered.add(d), "%s runs %s twice", id, d);
                }
                load.merge(a.worker(), p.cost(m), Long::sum);
                loadUnits.merge(a.worker(), m.cost() * p.costShare(), Double::sum);
            }
            check(m.detectors().containsAll(covered), "%s runs detectors it did not ask for", id);
            if (m.standardSet()) {
                // one pool, running what it carries of the set; a new placement goes where most of it is carried
                check(shards.size() == 1, "standard set of %s split over %s", id, shards);
                Pool p = pools.get(shards.get(0).pool());
                check(
                        covered.equals(carriedOf(m, p)),
                        "%s runs %s, its pool carries %s of the set",
                        id,
                        covered,
                        carriedOf(m, p));
                int most = pools.values().stream()
                        .mapToInt(q -> carriedOf(m, q).size())
                        .max()
                        .orElse(0);
                check(
                        !m.assignments().isEmpty() || covered.size() == most,
                        "%s placed on %s, not where most is carried",
                        id,
                        p.name());
            }
        });

        // capacity never exceeded, in reserved thousandths and in the caller's own units
        load.forEach((w, used) -> {
            Pool p = pools.get(workers.get(w).pool());
            // less the escalation reserve of pools that decode less than every picture
            check(used <= Units.ofCapacity(p.placeableCapacity()), "load %d on %s", used, w);
            check(loadUnits.get(w) <= p.placeableCapacity() + 1e-9, "units %s on %s", loadUnits.get(w), w);
        });

        Set<String> carried = new TreeSet<>();
        pools.values().forEach(p -> carried.addAll(p.detectors()));
        Map<MonitorId, Set<String>> unplacedDetectors = new HashMap<>();
        Set<String> seenEntries = new HashSet<>();
        for (Unplaced u : plan.unplaced()) {
            Monitor m = monitors.get(u.monitor());
            assertThat(m).isNotNull();
            assertThat(m.suspended()).isFalse();
            assertThat(seenEntries.add(u.monitor() + "/" + u.reason()))
                    .as("one entry per reason")
                    .isTrue();
            assertThat(u.detectors()).isNotEmpty();
            for (String d : u.detectors()) {
                assertThat(unplacedDetectors
                                .computeIfAbsent(u.monitor(), k -> new HashSet<>())
                                .add(d))
                        .isTrue();
            }
            if (u.reason() == UnplacedReason.NO_POOL_FOR_DETECTORS) {
                assertThat(u.detectors().stream().filter(carried::contains)).isEmpty();
                u.detectors().forEach(d -> assertThat(u.message()).contains(d));
            } else {
                assertThat(carried).containsAll(u.detectors());
                assertNoRoomIsTrue(u, m, plan, pools, workers, load);
            }
        }

        // each non-suspended monitor: what runs plus what is reported is exactly what it asks for; a standard set
        // either runs or is reported, and is reported for no detector when it runs
        for (Monitor m : monitors.values()) {
            if (m.suspended()) {
                continue;
            }
            if (m.standardSet()) {
                boolean runs = !plan.assignmentsOf(m.id()).isEmpty();
                boolean reported = unplacedDetectors.containsKey(m.id());
                check(runs != reported, "standard set of %s: runs %s, reported %s", m.id(), runs, reported);
                continue;
            }
            Set<String> all = new TreeSet<>();
            plan.assignmentsOf(m.id()).forEach(a -> all.addAll(a.detectors()));
            Set<String> reported = unplacedDetectors.getOrDefault(m.id(), Set.of());
            assertThat(all.stream().filter(reported::contains))
                    .as("%s runs and reports", m.id())
                    .isEmpty();
            all.addAll(reported);
            check(
                    all.equals(m.detectors()),
                    "detectors of %s: %s run or reported, %s asked",
                    m.id(),
                    all,
                    m.detectors());
        }

        for (Pool p : pools.values()) {
            assertThat(plan.desiredWorkers().get(p.name())).isBetween(p.minWorkers(), p.maxWorkers());
        }
        assertThat(plan.desiredWorkers()).containsOnlyKeys(pools.keySet());
        for (String w : plan.workersToDrain()) {
            assertThat(workers.get(w).alive() && !workers.get(w).draining()).isTrue();
        }

        assertMovesHaveCause(state, plan, pools, workers);
    }

    /** Every pool a NoCapacity message names carries some of the detectors and has no ready worker with room. */
    private static void assertNoRoomIsTrue(
            Unplaced u,
            Monitor m,
            Plan plan,
            Map<String, Pool> pools,
            Map<String, Worker> workers,
            Map<String, Long> load) {
        Matcher matcher = NAMED_POOL.matcher(u.message());
        int named = 0;
        while (matcher.find()) {
            named++;
            Pool p = pools.get(matcher.group(1));
            assertThat(p).as(u.message()).isNotNull();
            long cost = p.cost(m);
            assertThat(p.detectors()).containsAnyElementsOf(u.detectors());
            assertThat(u.message()).contains(Units.format(cost));
            for (Worker w : workersOf(workers, p.name())) {
                if (w.alive() && !w.draining() && !plan.workersToDrain().contains(w.name())) {
                    long free = Units.ofCapacity(p.placeableCapacity()) - load.getOrDefault(w.name(), 0L);
                    check(free < cost, "%s: %d free on %s", u.message(), free, w.name());
                }
            }
        }
        assertThat(named).as(u.message()).isPositive();
    }

    /** A shard that is not kept on its worker must have a cause; the count of those is the plan's moves. */
    private static void assertMovesHaveCause(
            ClusterState state, Plan plan, Map<String, Pool> pools, Map<String, Worker> workers) {
        Map<String, Long> validLoad = new HashMap<>();
        for (Monitor m : state.monitors()) {
            if (m.suspended() || Retention.changed(m)) {
                continue;
            }
            for (Assignment a : m.assignments()) {
                if (!placeGone(a, pools, workers, plan)) {
                    validLoad.merge(a.worker(), pools.get(a.pool()).cost(m), Long::sum);
                }
            }
        }
        int moved = 0;
        for (Monitor m : state.monitors()) {
            if (m.suspended()) {
                continue;
            }
            List<Assignment> now = plan.assignmentsOf(m.id());
            for (Assignment a : m.assignments()) {
                boolean kept = now.stream()
                        .anyMatch(n -> n.pool().equals(a.pool()) && n.worker().equals(a.worker()));
                if (kept) {
                    continue;
                }
                moved++;
                boolean overfull = workers.containsKey(a.worker())
                        && pools.containsKey(a.pool())
                        && validLoad.getOrDefault(a.worker(), 0L)
                                > Units.ofCapacity(pools.get(a.pool()).placeableCapacity());
                check(
                        Retention.changed(m) || placeGone(a, pools, workers, plan) || overfull,
                        "%s moved off %s without cause",
                        m.id(),
                        a);
            }
        }
        assertThat(plan.moves()).isEqualTo(moved);
    }

    private static Set<String> carriedOf(Monitor m, Pool p) {
        Set<String> out = new TreeSet<>(m.detectors());
        out.retainAll(p.detectors());
        return out;
    }

    private static List<Worker> workersOf(Map<String, Worker> workers, String pool) {
        return workers.values().stream().filter(w -> w.pool().equals(pool)).toList();
    }

    private static void check(boolean ok, String format, Object... args) {
        if (!ok) {
            throw new AssertionError(String.format(format, args));
        }
    }

    private static boolean placeGone(Assignment a, Map<String, Pool> pools, Map<String, Worker> workers, Plan plan) {
        Worker w = workers.get(a.worker());
        Pool p = pools.get(a.pool());
        return w == null
                || !w.alive()
                || w.draining()
                || plan.workersToDrain().contains(w.name())
                || !w.pool().equals(a.pool())
                || p == null
                || !p.detectors().containsAll(a.detectors());
    }
}
