package dev.vigil.operator.scheduling;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the fewest pools that together carry a group of detectors. Every extra pool is another decode of the
 * same stream, so fewer pools means less work. Exact for up to {@value #EXACT_LIMIT} candidate pools (all
 * subsets are tried), greedy beyond. Results depend only on detector sets, so they are cached per group.
 */
final class SetCover {

    static final int EXACT_LIMIT = 12;

    private record Key(SortedSet<String> detectors, Set<String> excludedPools) {}

    private final List<Pool> pools;
    private final Map<Key, List<Cover>> cache = new HashMap<>();
    private final Map<List<String>, List<Cover>> plainCache = new HashMap<>(); // no exclusions: nearly every call

    SetCover(Collection<Pool> pools) {
        this.pools = pools.stream().sorted(Comparator.comparing(Pool::name)).toList();
    }

    /**
     * All minimum-size covers of {@code detectors} (one cover when greedy), sorted by pool names.
     * Empty when some detector is carried by no pool or the group is empty.
     */
    List<Cover> minimumCovers(SortedSet<String> detectors) {
        return minimumCovers(detectors, Set.of());
    }

    /** The same, using no pool named in {@code excludedPools}. */
    List<Cover> minimumCovers(SortedSet<String> detectors, Set<String> excludedPools) {
        if (excludedPools.isEmpty()) {
            return plainCache.computeIfAbsent(
                    List.copyOf(detectors), k -> compute(new Key(new TreeSet<>(k), Set.of())));
        }
        return cache.computeIfAbsent(new Key(new TreeSet<>(detectors), new TreeSet<>(excludedPools)), this::compute);
    }

    private List<Cover> compute(Key key) {
        SortedSet<String> detectors = key.detectors();
        if (detectors.isEmpty()) {
            return List.of();
        }
        List<String> wanted = List.copyOf(detectors);
        List<Pool> candidates = candidates(wanted, key.excludedPools());
        List<List<Pool>> chosen = candidates.size() <= EXACT_LIMIT && wanted.size() < Long.SIZE
                ? exact(wanted, candidates)
                : greedy(wanted, candidates);
        List<Cover> covers = new ArrayList<>();
        for (List<Pool> set : chosen) {
            covers.add(split(detectors, set));
        }
        covers.sort(Comparator.comparing(c -> String.join("\u0000", c.pools())));
        return List.copyOf(covers);
    }

    /**
     * Pools that carry some wanted detector. When there are too many for exact search, those whose share is a
     * strict subset of another's are dropped: some minimum cover never needs them. With few pools they stay,
     * as alternatives the capacity tie-break may prefer.
     */
    private List<Pool> candidates(List<String> wanted, Set<String> excludedPools) {
        List<Pool> useful = new ArrayList<>();
        for (Pool p : pools) {
            if (!excludedPools.contains(p.name()) && wanted.stream().anyMatch(p.detectors()::contains)) {
                useful.add(p);
            }
        }
        if (useful.size() <= EXACT_LIMIT) {
            return useful;
        }
        List<Pool> kept = new ArrayList<>();
        for (Pool p : useful) {
            boolean dominated = false;
            for (Pool q : useful) {
                if (q != p
                        && share(q, wanted).containsAll(share(p, wanted))
                        && share(q, wanted).size() > share(p, wanted).size()) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                kept.add(p);
            }
        }
        return kept;
    }

    private static TreeSet<String> share(Pool p, List<String> wanted) {
        TreeSet<String> s = new TreeSet<>(p.detectors());
        s.retainAll(wanted);
        return s;
    }

    private static List<List<Pool>> exact(List<String> wanted, List<Pool> candidates) {
        int n = candidates.size();
        long[] bits = new long[n];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < wanted.size(); d++) {
                if (candidates.get(i).detectors().contains(wanted.get(d))) {
                    bits[i] |= 1L << d;
                }
            }
        }
        long all = (1L << wanted.size()) - 1;
        long[] covered = new long[1 << n];
        int best = Integer.MAX_VALUE;
        List<Integer> bestMasks = new ArrayList<>();
        for (int mask = 1; mask < (1 << n); mask++) {
            int low = Integer.numberOfTrailingZeros(mask);
            covered[mask] = covered[mask & (mask - 1)] | bits[low];
            if (covered[mask] != all) {
                continue;
            }
            int size = Integer.bitCount(mask);
            if (size < best) {
                best = size;
                bestMasks.clear();
            }
            if (size == best) {
                bestMasks.add(mask);
            }
        }
        List<List<Pool>> result = new ArrayList<>();
        for (int mask : bestMasks) {
            List<Pool> set = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    set.add(candidates.get(i));
                }
            }
            result.add(set);
        }
        return result;
    }

    /** Picks the pool carrying most still-uncovered detectors (ties: name), then drops pools made redundant. */
    private static List<List<Pool>> greedy(List<String> wanted, List<Pool> candidates) {
        TreeSet<String> uncovered = new TreeSet<>(wanted);
        List<Pool> picked = new ArrayList<>();
        while (!uncovered.isEmpty()) {
            Pool best = null;
            int bestGain = 0;
            for (Pool p : candidates) {
                int gain =
                        (int) uncovered.stream().filter(p.detectors()::contains).count();
                if (gain > bestGain) {
                    best = p;
                    bestGain = gain;
                }
            }
            if (best == null) {
                return List.of();
            }
            picked.add(best);
            uncovered.removeAll(best.detectors());
        }
        for (int i = picked.size() - 1; i >= 0; i--) {
            List<Pool> without = new ArrayList<>(picked);
            without.remove(i);
            if (covers(without, wanted)) {
                picked = without;
            }
        }
        return List.of(picked);
    }

    private static boolean covers(List<Pool> set, List<String> wanted) {
        return wanted.stream()
                .allMatch(d -> set.stream().anyMatch(p -> p.detectors().contains(d)));
    }

    /** Gives each detector to the first pool by name that carries it, so no detector runs twice. */
    private static Cover split(SortedSet<String> detectors, List<Pool> set) {
        List<Pool> byName =
                set.stream().sorted(Comparator.comparing(Pool::name)).toList();
        SortedMap<String, SortedSet<String>> shards = new TreeMap<>();
        for (String d : detectors) {
            for (Pool p : byName) {
                if (p.detectors().contains(d)) {
                    shards.computeIfAbsent(p.name(), k -> new TreeSet<>()).add(d);
                    break;
                }
            }
        }
        return new Cover(shards);
    }
}
