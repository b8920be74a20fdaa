package dev.vigil.operator.scheduling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Places the detectors of one monitor that its kept shards do not cover. */
final class Placer {

    /**
     * @param shards   all shards of the monitor after this pass, sorted by pool
     * @param unplaced detectors no pool carries (capacity shortfalls come from {@link #capacityShortfalls()})
     * @param pending  per pool, the units (thousandths) of shards that found no room: the scale-up demand
     */
    record Result(List<Assignment> shards, List<Unplaced> unplaced, Map<String, List<Long>> pending) {}

    private final Map<String, Pool> pools;
    private final Map<String, PoolCapacity> capacity;
    private final SetCover setCover;
    private final Map<String, List<String>> carriedBy = new HashMap<>();
    private final Instant now;
    private final List<Shortfall> shortfalls = new ArrayList<>();

    private record Shortfall(Monitor monitor, SortedSet<String> detectors, List<String> pools) {}

    Placer(Map<String, Pool> pools, Map<String, PoolCapacity> capacity, Instant now) {
        this.pools = pools;
        this.capacity = capacity;
        this.setCover = new SetCover(pools.values());
        this.now = now;
        pools.values()
                .forEach(p -> p.detectors()
                        .forEach(d -> carriedBy
                                .computeIfAbsent(d, k -> new ArrayList<>())
                                .add(p.name())));
    }

    Result place(Monitor m, List<Assignment> kept) {
        if (m.standardSet()) {
            return placeStandardSet(m, kept);
        }
        SortedSet<String> remaining = new TreeSet<>(m.detectors());
        kept.forEach(a -> remaining.removeAll(a.detectors()));
        if (remaining.isEmpty()) {
            // the common case in a settled cluster
            return new Result(
                    kept.stream().sorted(Comparator.comparing(Assignment::pool)).toList(), List.of(), Map.of());
        }

        List<Assignment> shards = new ArrayList<>(kept);
        List<Unplaced> unplaced = new ArrayList<>();
        Map<String, List<Long>> pending = new TreeMap<>();

        SortedSet<String> uncarried = new TreeSet<>(remaining);
        uncarried.removeAll(carriedBy.keySet());
        if (!uncarried.isEmpty()) {
            unplaced.add(new Unplaced(
                    m.id(),
                    UnplacedReason.NO_POOL_FOR_DETECTORS,
                    uncarried,
                    "no pool carries " + String.join(", ", uncarried)));
            remaining.removeAll(uncarried);
        }

        // Fewest pools first. A pool of the chosen cover without room is left out and its detectors are covered
        // again by the others: the monitor runs wherever there is room now, as the next pass would do anyway.
        Set<String> full = new TreeSet<>();
        SortedSet<String> missing = new TreeSet<>();
        while (true) {
            extend(shards, remaining);
            for (String d : List.copyOf(remaining)) {
                if (full.containsAll(carriedBy.get(d))) {
                    remaining.remove(d);
                    missing.add(d);
                }
            }
            if (remaining.isEmpty()) {
                break;
            }
            Cover cover = choose(setCover.minimumCovers(remaining, full), m);
            cover.shards().forEach((poolName, detectors) -> {
                Optional<String> worker = pickWorker(m, poolName);
                if (worker.isPresent()) {
                    capacity.get(poolName).take(worker.get(), cost(m, poolName));
                    shards.add(new Assignment(poolName, worker.get(), detectors, m.generation(), now));
                    remaining.removeAll(detectors);
                } else {
                    full.add(poolName);
                }
            });
        }

        if (!missing.isEmpty()) {
            // the pools that would best run the rest are asked to grow; none of them has room now
            Cover wanted = chooseForGrowth(setCover.minimumCovers(missing), m);
            for (String poolName : wanted.pools()) {
                pending.computeIfAbsent(poolName, k -> new ArrayList<>()).add(cost(m, poolName));
            }
            shortfalls.add(new Shortfall(m, missing, wanted.pools()));
        }
        shards.sort(Comparator.comparing(Assignment::pool));
        return new Result(shards, unplaced, pending);
    }

    /**
     * A monitor that asks for the standard set runs on one pool: the one that carries the largest part of the set,
     * among equals one with room now, then the most free capacity, then the first by name (the rules of
     * {@link #choose}). It runs the detectors of the set that pool carries, so a built-in detector no pool carries
     * is not reported as unplaced. A kept shard stays on its pool (a better pool is never a cause) and follows
     * what that pool carries now.
     */
    private Result placeStandardSet(Monitor m, List<Assignment> kept) {
        if (!kept.isEmpty()) {
            Assignment a = kept.get(0);
            SortedSet<String> carried = carried(m, pools.get(a.pool()));
            return new Result(
                    List.of(new Assignment(a.pool(), a.worker(), carried, a.generation(), a.since())),
                    List.of(),
                    Map.of());
        }
        int most = pools.values().stream()
                .mapToInt(p -> carried(m, p).size())
                .max()
                .orElse(0);
        if (most == 0) {
            return new Result(
                    List.of(),
                    List.of(new Unplaced(
                            m.id(),
                            UnplacedReason.NO_POOL_FOR_DETECTORS,
                            new TreeSet<>(m.detectors()),
                            "no pool carries any detector of the standard set (" + String.join(", ", m.detectors())
                                    + ")")),
                    Map.of());
        }
        // pools come sorted by name: the first of equals wins the last tie
        String best = null;
        Optional<String> bestWorker = Optional.empty();
        long bestFree = -1;
        String first = null;
        String growth = null;
        for (Pool p : pools.values()) {
            if (carried(m, p).size() != most) {
                continue;
            }
            first = first == null ? p.name() : first;
            Optional<String> worker = pickWorker(m, p.name());
            long free = capacity.get(p.name()).totalFree();
            if (best == null
                    || (worker.isPresent() && bestWorker.isEmpty())
                    || (worker.isPresent() == bestWorker.isPresent() && free > bestFree)) {
                best = p.name();
                bestWorker = worker;
                bestFree = free;
            }
            if (growth == null && capacity.get(p.name()).capacity() >= cost(m, p.name())) {
                growth = p.name();
            }
        }
        if (bestWorker.isPresent()) {
            capacity.get(best).take(bestWorker.get(), cost(m, best));
            return new Result(
                    List.of(new Assignment(best, bestWorker.get(), carried(m, pools.get(best)), m.generation(), now)),
                    List.of(),
                    Map.of());
        }
        // no room now: the pool that would run it is asked to grow, the first by name that can hold the stream at
        // all (free capacity is no guide when none has room, and ignoring it keeps the choice the same every pass)
        String wanted = growth != null ? growth : first;
        shortfalls.add(new Shortfall(m, carried(m, pools.get(wanted)), List.of(wanted)));
        return new Result(List.of(), List.of(), Map.of(wanted, List.of(cost(m, wanted))));
    }

    /** The detectors of the monitor's (standard) set that a pool carries. */
    private static SortedSet<String> carried(Monitor m, Pool pool) {
        SortedSet<String> out = new TreeSet<>(m.detectors());
        out.retainAll(pool.detectors());
        return out;
    }

    /**
     * NoCapacity entries for everything that found no room in this pass. Called once all monitors are placed,
     * so the free capacity they quote is what the plan leaves, the same figure a later pass would quote.
     */
    List<Unplaced> capacityShortfalls() {
        List<Unplaced> result = new ArrayList<>();
        for (Shortfall s : shortfalls) {
            List<String> reasons =
                    s.pools().stream().map(p -> noRoom(p, cost(s.monitor(), p))).toList();
            result.add(new Unplaced(
                    s.monitor().id(), UnplacedReason.NO_CAPACITY, s.detectors(), String.join("; ", reasons)));
        }
        return result;
    }

    /**
     * A shard also takes any still-wanted detector its pool carries: the stream is decoded there anyway, so this
     * costs no capacity and no extra pool.
     */
    private void extend(List<Assignment> shards, SortedSet<String> remaining) {
        shards.sort(Comparator.comparing(Assignment::pool));
        for (int i = 0; i < shards.size() && !remaining.isEmpty(); i++) {
            Assignment a = shards.get(i);
            SortedSet<String> extra = new TreeSet<>(remaining);
            extra.retainAll(pools.get(a.pool()).detectors());
            if (!extra.isEmpty()) {
                remaining.removeAll(extra);
                extra.addAll(a.detectors());
                shards.set(i, new Assignment(a.pool(), a.worker(), extra, a.generation(), a.since()));
            }
        }
    }

    /**
     * Among minimum covers: one whose every pool has room now, then the one with more free capacity in
     * total, then the first by pool names (covers arrive sorted that way).
     */
    private Cover choose(List<Cover> covers, Monitor m) {
        if (covers.size() == 1) {
            return covers.get(0);
        }
        // looked up once per pool: a pool appears in many alternative covers
        Map<String, Boolean> room = new HashMap<>();
        Cover best = null;
        boolean bestFits = false;
        long bestFree = -1;
        for (Cover c : covers) {
            boolean fits = true;
            long free = 0;
            for (String p : c.pools()) {
                fits &= room.computeIfAbsent(p, k -> pickWorker(m, k).isPresent());
                free += capacity.get(p).totalFree();
            }
            if (best == null || (fits && !bestFits) || (fits == bestFits && free > bestFree)) {
                best = c;
                bestFits = fits;
                bestFree = free;
            }
        }
        return best;
    }

    /**
     * The cover to grow: the first by pool names whose workers can each hold the stream at all. Free capacity
     * is no guide here (none of these pools has room), and ignoring it keeps the choice the same in every pass.
     */
    private Cover chooseForGrowth(List<Cover> covers, Monitor m) {
        return covers.stream()
                .filter(c -> c.pools().stream().allMatch(p -> capacity.get(p).capacity() >= cost(m, p)))
                .findFirst()
                .orElse(covers.get(0));
    }

    /**
     * A worker that ran this monitor in this pool before (the monitor changed or lost a shard) is reused when
     * it still has room, so a spec change restarts the stream in place; otherwise best fit.
     */
    private Optional<String> pickWorker(Monitor m, String poolName) {
        long cost = cost(m, poolName);
        PoolCapacity pc = capacity.get(poolName);
        String previous = null;
        for (Assignment a : m.assignments()) {
            if (a.pool().equals(poolName)
                    && pc.fits(a.worker(), cost)
                    && (previous == null || WorkerNames.compare(a.worker(), previous) < 0)) {
                previous = a.worker();
            }
        }
        return previous != null ? Optional.of(previous) : pc.bestFit(cost);
    }

    /** What the monitor costs on this pool's workers (their decode profile decides). */
    private long cost(Monitor m, String poolName) {
        return pools.get(poolName).cost(m);
    }

    private String noRoom(String poolName, long cost) {
        PoolCapacity pc = capacity.get(poolName);
        String needs = "pool " + poolName + " needs " + Units.format(cost) + " units";
        if (cost > pc.capacity()) {
            return needs + " on one worker but a worker holds at most " + Units.format(pc.capacity());
        }
        if (pc.readyWorkers() == 0) {
            return needs + " and has no ready worker";
        }
        return needs + " on one worker, largest free is " + Units.format(pc.largestFree())
                + " (" + Units.format(pc.totalFree()) + " free over " + pc.readyWorkers()
                + (pc.readyWorkers() == 1 ? " ready worker)" : " ready workers)");
    }
}
