package dev.vigil.operator.scheduling;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * A set of pools that together carry a group of detectors, with each detector given to exactly one pool.
 *
 * @param shards pool name to the detectors that pool's shard runs; every pool has at least one
 */
record Cover(SortedMap<String, SortedSet<String>> shards) {

    Cover {
        shards = Collections.unmodifiableSortedMap(new TreeMap<>(shards));
    }

    List<String> pools() {
        return List.copyOf(shards.keySet());
    }

    int size() {
        return shards.size();
    }
}
