package dev.vigil.charts;

import java.util.ArrayList;
import java.util.List;

/**
 * What the operator may do, as (group/resource:verb): the list docs/operations.md explains. The chart's
 * ClusterRole must grant exactly this.
 */
final class OperatorRights {

    static final List<String> EXPECTED = build();

    private OperatorRights() {
    }

    private static List<String> build() {
        List<String> out = new ArrayList<>();
        add(out, "vigil.dev", "streammonitors", "get", "list", "watch", "patch");
        add(out, "vigil.dev", "streammonitors/status", "get", "patch", "update");
        add(out, "vigil.dev", "workerpools", "get", "list", "watch");
        add(out, "vigil.dev", "workerpools/status", "get", "patch", "update");
        add(out, "coordination.k8s.io", "leases", "get", "list", "watch", "create", "update", "patch");
        String[] manage = {"get", "list", "watch", "create", "update", "patch", "delete"};
        add(out, "apps", "statefulsets", manage);
        add(out, "", "services", manage);
        add(out, "", "serviceaccounts", manage);
        add(out, "policy", "poddisruptionbudgets", manage);
        add(out, "rbac.authorization.k8s.io", "roles", manage);
        add(out, "rbac.authorization.k8s.io", "rolebindings", manage);
        add(out, "", "events", "create", "patch");
        add(out, "events.k8s.io", "events", "create", "patch");
        add(out, "", "secrets", "get");
        return List.copyOf(out);
    }

    private static void add(List<String> out, String group, String resource, String... verbs) {
        for (String verb : verbs) {
            out.add(group + "/" + resource + ":" + verb);
        }
    }
}
