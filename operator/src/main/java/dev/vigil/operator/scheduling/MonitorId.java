package dev.vigil.operator.scheduling;

import java.util.Objects;

/** Identity of a StreamMonitor: its namespace and name. Ordered so plans list monitors the same way every time. */
public record MonitorId(String namespace, String name) implements Comparable<MonitorId> {

    public MonitorId {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** Parses {@code namespace/name}. */
    public static MonitorId of(String namespacedName) {
        int slash = namespacedName.indexOf('/');
        if (slash <= 0 || slash == namespacedName.length() - 1) {
            throw new IllegalArgumentException("expected namespace/name, got '" + namespacedName + "'");
        }
        return new MonitorId(namespacedName.substring(0, slash), namespacedName.substring(slash + 1));
    }

    @Override
    public int compareTo(MonitorId other) {
        int byNamespace = namespace.compareTo(other.namespace);
        return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
