package dev.vigil.charts;

import java.util.ArrayList;
import java.util.List;

/**
 * What the operator may do, as (group/resource[name]:verb): the list docs/operations.md and docs/security.md
 * explain. The chart's ClusterRole must grant exactly this (the same as operator/rbac/operator-rbac.yaml).
 */
final class OperatorRights {

    static final List<String> EXPECTED = build();

    private OperatorRights() {}

    private static List<String> build() {
        List<String> out = new ArrayList<>();
        add(out, "vigil.dev", "streammonitors", "get", "list", "watch", "patch");
        add(out, "vigil.dev", "streammonitors/status", "patch");
        add(out, "vigil.dev", "workerpools", "get", "list", "watch");
        add(out, "vigil.dev", "workerpools/status", "patch");
        add(out, "vigil.dev", "workerpools/finalizers", "update");
        add(out, "coordination.k8s.io", "leases", "get", "list", "watch", "patch");
        add(out, "apps", "statefulsets", "list", "watch", "create", "patch");
        add(out, "", "services", "create", "patch");
        add(out, "", "serviceaccounts", "create", "patch");
        add(out, "policy", "poddisruptionbudgets", "create", "patch");
        add(out, "rbac.authorization.k8s.io", "rolebindings", "create", "patch");
        add(out, "rbac.authorization.k8s.io", "clusterroles[vigil-worker]", "bind");
        return List.copyOf(out);
    }

    private static void add(List<String> out, String group, String resource, String... verbs) {
        for (String verb : verbs) {
            out.add(group + "/" + resource + ":" + verb);
        }
    }
}
