package dev.vigil.e2e;

import java.util.List;
import java.util.Locale;

/** The pool and monitors the local demo and the end-to-end suite apply. */
public final class DemoManifests {

    public static final String NAMESPACE = "broadcast";
    public static final String POOL = "general";
    public static final List<String> POOL_DETECTORS =
            List.of("freeze", "black", "blockiness", "silence", "clipping", "loudness", "stall");

    private DemoManifests() {
    }

    public static String namespace() {
        return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + NAMESPACE + "\n";
    }

    /** The pool: the standard detectors, fixed at {@code workers} workers. */
    public static String pool(int workers, double capacity) {
        return String.format(Locale.ROOT, """
                apiVersion: vigil.dev/v1alpha1
                kind: WorkerPool
                metadata:
                  name: %s
                spec:
                  detectors: [%s]
                  capacity: %s
                  minWorkers: %d
                  maxWorkers: %d
                """, POOL, String.join(", ", POOL_DETECTORS), capacity, workers, workers);
    }

    /**
     * A monitor of the live stream watching black picture and silence (raised after 2 s, cleared after 1 s),
     * freeze and stall.
     */
    public static String monitor(String name, String url) {
        return monitor(name, url, false, 2);
    }

    public static String monitor(String name, String url, boolean suspend, double silenceRaiseSec) {
        return String.format(Locale.ROOT, """
                apiVersion: vigil.dev/v1alpha1
                kind: StreamMonitor
                metadata:
                  name: %s
                spec:
                  source:
                    url: %s
                  detectors:
                    black:
                      raiseSec: 2
                      clearSec: 1
                    silence:
                      raiseSec: %s
                      clearSec: 1
                    freeze: {}
                    stall: {}
                  suspend: %s
                """, name, url, silenceRaiseSec, suspend);
    }
}
