package dev.vigil.worker.cluster;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who this worker is: its name (= pod name = Lease name), namespace, pool, the detectors its pool runs, its
 * capacity in stream units and its lease duration. In a pod the operator's StatefulSet sets them as
 * environment variables; outside a cluster command-line flags set or override them.
 */
public record WorkerIdentity(
        String name, String namespace, String pool, Set<String> detectors, double capacity, Duration leaseDuration) {

    public static final String ENV_NAME = "POD_NAME";
    public static final String ENV_NAMESPACE = "POD_NAMESPACE";
    public static final String ENV_POOL = "VIGIL_POOL";
    public static final String ENV_DETECTORS = "VIGIL_POOL_DETECTORS";
    public static final String ENV_CAPACITY = "VIGIL_POOL_CAPACITY";
    public static final String ENV_LEASE_DURATION = "VIGIL_LEASE_DURATION_SECONDS";
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);

    public WorkerIdentity {
        require(name, "worker name (--name or " + ENV_NAME + ")");
        require(namespace, "namespace (--namespace or " + ENV_NAMESPACE + ")");
        require(pool, "pool (--pool or " + ENV_POOL + ")");
        detectors = Set.copyOf(detectors);
        if (!(capacity > 0)) {
            throw new IllegalArgumentException("capacity must be > 0 (--capacity or " + ENV_CAPACITY + ")");
        }
        if (leaseDuration.toSeconds() < 3) {
            throw new IllegalArgumentException("lease duration must be at least 3 s");
        }
    }

    /**
     * From the environment, each value replaced by its flag when given (null: not given).
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static WorkerIdentity resolve(
            Map<String, String> env,
            String name,
            String namespace,
            String pool,
            String detectors,
            Double capacity,
            Integer leaseDurationSec) {
        String d = pick(detectors, env.get(ENV_DETECTORS));
        String c = capacity != null ? capacity.toString() : env.get(ENV_CAPACITY);
        String l = leaseDurationSec != null ? leaseDurationSec.toString() : env.get(ENV_LEASE_DURATION);
        return new WorkerIdentity(
                pick(name, env.get(ENV_NAME)),
                pick(namespace, env.get(ENV_NAMESPACE)),
                pick(pool, env.get(ENV_POOL)),
                parseList(d),
                number(c, 1, "capacity"),
                l == null || l.isBlank()
                        ? DEFAULT_LEASE_DURATION
                        : Duration.ofSeconds((long) number(l, 15, "lease duration")));
    }

    /** How often the lease is renewed: a third of its duration. */
    public Duration renewInterval() {
        return leaseDuration.dividedBy(3);
    }

    private static String pick(String flag, String env) {
        return flag != null && !flag.isBlank() ? flag : env;
    }

    private static Set<String> parseList(String s) {
        Set<String> out = new LinkedHashSet<>();
        if (s != null) {
            Arrays.stream(s.split(","))
                    .map(String::trim)
                    .filter(x -> !x.isEmpty())
                    .forEach(out::add);
        }
        return out;
    }

    private static double number(String s, double fallback, String what) {
        if (s == null || s.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, got '" + s + "'");
        }
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + what);
        }
    }
}
