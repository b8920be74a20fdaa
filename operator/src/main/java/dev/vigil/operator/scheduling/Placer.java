package dev.vigil.operator.scheduling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
     * @param unplaced what is left without a worker, at most one entry per reason
     * @param pending  per pool, the units (thousandths) of shards that found no room: the scale-up demand
     */
    record Result(List<Assignment> shards, List<Unplaced> unplaced, Map<String, List<Long>> pending) {
    }

    private final Map<String, Pool> pools;
    private final Map<String, PoolCapacity> capacity;
    private final SetCover setCover;
    private final SortedSet<String> carried = new TreeSet<>();
    private final Instant now;

    Placer(Map<String, Pool> pools, Map<String, PoolCapacity> capacity, Instant now) {
        this.pools = pools;
        this.capacity = capacity;
        this.setCover = new SetCover(pools.values());
        this.now = now;
        pools.values().forEach(p -> carried.addAll(p.detectors()));
    }

    Result place(Monitor m, List<Assignment> kept) {
        long cost = Units.ofCost(m.cost());
        SortedSet<String> remaining = new TreeSet<>(m.detectors());
        kept.forEach(a -> remaining.removeAll(a.detectors()));

        List<Assignment> shards = new ArrayList<>(kept);
        List<Unplaced> unplaced = new ArrayList<>();
        Map<String, List<Long>> pending = new TreeMap<>();

        SortedSet<String> uncarried = new TreeSet<>(remaining);
        uncarried.removeAll(carried);
        if (!uncarried.isEmpty()) {
            unplaced.add(new Unplaced(m.id(), UnplacedReason.NO_POOL_FOR_DETECTORS, uncarried,
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
                if (pools.values().stream().noneMatch(p -> !full.contains(p.name()) && p.detectors().contains(d))) {
                    remaining.remove(d);
                    missing.add(d);
                }
            }
            if (remaining.isEmpty()) {
                break;
            }
            Cover cover = choose(setCover.minimumCovers(remaining, full), m, cost);
            cover.shards().forEach((poolName, detectors) -> {
                Optional<String> worker = pickWorker(m, poolName, cost);
                if (worker.isPresent()) {
                    capacity.get(poolName).take(worker.get(), cost);
                    shards.add(new Assignment(poolName, worker.get(), detectors, m.generation(), now));
                    remaining.removeAll(detectors);
                } else {
                    full.add(poolName);
                }
            });
        }

        if (!missing.isEmpty()) {
            // the pools that would best run the rest are asked to grow; none of them has room now
            Cover wanted = choose(setCover.minimumCovers(missing), m, cost);
            List<String> reasons = new ArrayList<>();
            for (String poolName : wanted.pools()) {
                pending.computeIfAbsent(poolName, k -> new ArrayList<>()).add(cost);
                reasons.add(noRoom(poolName, cost));
            }
            unplaced.add(new Unplaced(m.id(), UnplacedReason.NO_CAPACITY, missing, String.join("; ", reasons)));
        }
        shards.sort(Comparator.comparing(Assignment::pool));
        return new Result(shards, unplaced, pending);
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
    private Cover choose(List<Cover> covers, Monitor m, long cost) {
        Cover best = covers.get(0);
        boolean bestFits = fitsNow(best, m, cost);
        long bestFree = totalFree(best);
        for (Cover c : covers.subList(1, covers.size())) {
            boolean fits = fitsNow(c, m, cost);
            long free = totalFree(c);
            if ((fits && !bestFits) || (fits == bestFits && free > bestFree)) {
                best = c;
                bestFits = fits;
                bestFree = free;
            }
        }
        return best;
    }

    private boolean fitsNow(Cover c, Monitor m, long cost) {
        return c.pools().stream().allMatch(p -> pickWorker(m, p, cost).isPresent());
    }

    private long totalFree(Cover c) {
        return c.pools().stream().mapToLong(p -> capacity.get(p).totalFree()).sum();
    }

    /**
     * A worker that ran this monitor in this pool before (the monitor changed or lost a shard) is reused when
     * it still has room, so a spec change restarts the stream in place; otherwise best fit.
     */
    private Optional<String> pickWorker(Monitor m, String poolName, long cost) {
        PoolCapacity pc = capacity.get(poolName);
        Optional<String> previous = m.assignments().stream()
                .filter(a -> a.pool().equals(poolName))
                .map(Assignment::worker)
                .filter(w -> pc.fits(w, cost))
                .min(WorkerNames.ORDER);
        return previous.isPresent() ? previous : pc.bestFit(cost);
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
