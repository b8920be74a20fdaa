package dev.vigil.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** {@code helm lint} and {@code helm template} of charts/vigil with the main values combinations. */
class ChartTemplateTest {

    static final String OPERATOR = "vigil-operator";

    @Test
    void lintPassesStrict() {
        var result = Chart.lint();
        assertThat(result.isFailed()).as("lint: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).allMatch(m -> m.startsWith("[INFO]"), "only INFO messages");
    }

    @Test
    void defaultsRenderOperatorRbacAndStandardPool() {
        Rendered r = Chart.render();
        assertThat(kinds(r))
                .containsExactlyInAnyOrder(
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Role",
                        "RoleBinding",
                        "Deployment",
                        "WorkerPool");

        ObjectNode pool = r.get("WorkerPool", "standard");
        assertThat(pool.at("/metadata/namespace").asText()).isEqualTo(Chart.NAMESPACE);
        assertThat(texts(pool.at("/spec/detectors")))
                .containsExactly(
                        "black", "freeze", "blockiness", "silence", "clipping", "loudness", "stall", "manifest");
        assertThat(pool.at("/spec/template/image").asText()).isEqualTo("ghcr.io/vigil-dev/vigil-worker:0.1.0");
        assertThat(pool.at("/spec/template/nodeSelector").isMissingNode()).isTrue();
    }

    @Test
    void operatorRunsWithLeaderElectionIdentityAndProbes() {
        ObjectNode deployment = Chart.render().get("Deployment", OPERATOR);
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        Map<String, JsonNode> env = env(container);
        // the prod profile turns leader election on; POD_NAME is the Lease holder identity
        assertThat(env.get("QUARKUS_PROFILE").path("value").asText()).isEqualTo("prod");
        assertThat(env.get("POD_NAME").at("/valueFrom/fieldRef/fieldPath").asText())
                .isEqualTo("metadata.name");
        assertThat(env.get("POD_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText())
                .isEqualTo("metadata.namespace");
        assertThat(env.get("VIGIL_OPERATOR_LEADER_ELECTION_LEASE_NAMESPACE")
                        .at("/valueFrom/fieldRef/fieldPath")
                        .asText())
                .isEqualTo("metadata.namespace");
        assertThat(env.get("VIGIL_OPERATOR_WORKER_IMAGE").path("value").asText())
                .isEqualTo("ghcr.io/vigil-dev/vigil-worker:0.1.0");

        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
        assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText())
                .isEqualTo(OPERATOR);
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        deployment
                .at("/spec/selector/matchLabels")
                .fields()
                .forEachRemaining(e -> assertThat(podLabels.path(e.getKey()).asText())
                        .as("pod label %s", e.getKey())
                        .isEqualTo(e.getValue().asText()));
    }

    @Test
    void twoReplicasGetAStandbyOnAnotherNodeAndNoSurge() {
        ObjectNode deployment = Chart.render(Map.of("operator.replicas", 2)).get("Deployment", OPERATOR);
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxSurge").asInt())
                .isZero();
        assertThat(deployment
                        .at(
                                "/spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm/topologyKey")
                        .asText())
                .isEqualTo("kubernetes.io/hostname");
        assertThat(Chart.render()
                        .get("Deployment", OPERATOR)
                        .at("/spec/template/spec/affinity")
                        .isMissingNode())
                .isTrue();
    }

    /** The ClusterRole, rule by rule: exactly these rights, no wildcard, nothing more. */
    @Test
    void clusterRoleGrantsExactlyTheOperatorsRights() {
        Rendered r = Chart.render();
        ObjectNode role = r.get("ClusterRole", OPERATOR);
        assertThat(grants(role)).containsExactlyInAnyOrderElementsOf(OperatorRights.EXPECTED);

        ObjectNode binding = r.get("ClusterRoleBinding", OPERATOR);
        assertThat(binding.at("/roleRef/name").asText()).isEqualTo(OPERATOR);
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(OPERATOR);
        assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(Chart.NAMESPACE);

        // the leader-election Lease: in the operator's namespace only
        ObjectNode leader = r.get("Role", OPERATOR + "-leader-election");
        assertThat(leader.at("/metadata/namespace").asText()).isEqualTo(Chart.NAMESPACE);
        assertThat(grants(leader))
                .containsExactlyInAnyOrder(
                        "coordination.k8s.io/leases:get",
                        "coordination.k8s.io/leases:create",
                        "coordination.k8s.io/leases:update");
        ObjectNode leaderBinding = r.get("RoleBinding", OPERATOR + "-leader-election");
        assertThat(leaderBinding.at("/roleRef/name").asText()).isEqualTo(OPERATOR + "-leader-election");
        assertThat(leaderBinding.at("/subjects/0/name").asText()).isEqualTo(OPERATOR);
    }

    /** The workers' ClusterRole is the operator's own definition of their rights, and the operator is told its name. */
    @Test
    void workerClusterRoleIsTheWorkersRulesAndTheOperatorBindsIt() {
        Rendered r = Chart.render();
        ObjectNode worker = r.get("ClusterRole", "vigil-worker");
        List<String> expected = new ArrayList<>();
        for (var rule : dev.vigil.operator.pool.PoolResources.workerRules()) {
            for (String g : rule.getApiGroups()) {
                for (String res : rule.getResources()) {
                    rule.getVerbs().forEach(v -> expected.add(g + "/" + res + ":" + v));
                }
            }
        }
        assertThat(grants(worker)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(r.find("ClusterRoleBinding", "vigil-worker")).isEmpty();
        JsonNode container = r.get("Deployment", OPERATOR).at("/spec/template/spec/containers/0");
        assertThat(env(container)
                        .get("VIGIL_OPERATOR_WORKER_CLUSTER_ROLE")
                        .path("value")
                        .asText())
                .isEqualTo("vigil-worker");
        assertThat(grants(r.get("ClusterRole", OPERATOR)))
                .contains("rbac.authorization.k8s.io/clusterroles[vigil-worker]:bind");
    }

    @Test
    void poolSourcePermissionsPassThrough() {
        Rendered r = Chart.render(Map.of(
                "workerPools.standard.sources.filePaths[0]", "/media/", "workerPools.standard.sources.listen", true));
        ObjectNode pool = r.get("WorkerPool", "standard");
        assertThat(texts(pool.at("/spec/sources/filePaths"))).containsExactly("/media/");
        assertThat(pool.at("/spec/sources/listen").asBoolean()).isTrue();
        assertThat(Chart.render()
                        .get("WorkerPool", "standard")
                        .at("/spec/sources")
                        .isMissingNode())
                .isTrue();
    }

    @Test
    void mlPoolWithGpuSelectsGpuNodesAndRequestsTheDevice() {
        Rendered r = Chart.render(Map.of("workerPools.ml.enabled", true, "workerPools.ml.gpu.enabled", true));
        ObjectNode ml = r.get("WorkerPool", "ml");
        assertThat(texts(ml.at("/spec/detectors"))).containsExactly("model:corruption");
        assertThat(ml.at("/spec/template/resources/limits/nvidia.com~1gpu").asInt())
                .isEqualTo(1);
        assertThat(ml.at("/spec/template/resources/limits/memory").asText()).isEqualTo("4Gi");
        assertThat(ml.at("/spec/template/nodeSelector/nvidia.com~1gpu.present").asText())
                .isEqualTo("true");
        assertThat(ml.at("/spec/template/tolerations/0/key").asText()).isEqualTo("nvidia.com/gpu");
        assertThat(r.find("WorkerPool", "standard")).isPresent();
    }

    static final Map<String, Object> ML_POOL_WITH_MODEL = Map.of(
            "workerPools.ml.enabled",
            true,
            "workerPools.ml.detectors[0]",
            "model:corruption",
            "workerPools.ml.detectors[1]",
            "model:logo-missing",
            "workerPools.ml.models[0].name",
            "logo-missing",
            "workerPools.ml.models[0].source.configMap.name",
            "logo-model",
            "workerPools.ml.models[0].source.configMap.key",
            "logo.onnx",
            "workerPools.ml.models[0].raiseSec",
            2); // --set makes 0.6 a string: a whole number

    @Test
    void mlPoolPassesItsModelsToTheWorkerPool() {
        ObjectNode ml = Chart.render(ML_POOL_WITH_MODEL).get("WorkerPool", "ml");
        assertThat(texts(ml.at("/spec/detectors"))).containsExactly("model:corruption", "model:logo-missing");
        assertThat(ml.at("/spec/models/0/name").asText()).isEqualTo("logo-missing");
        assertThat(ml.at("/spec/models/0/source/configMap/name").asText()).isEqualTo("logo-model");
        assertThat(ml.at("/spec/models/0/source/configMap/key").asText()).isEqualTo("logo.onnx");
        assertThat(ml.at("/spec/models/0/raiseSec").asInt()).isEqualTo(2);
        // without models the pool has none (the default)
        assertThat(Chart.render(Map.of("workerPools.ml.enabled", true))
                        .get("WorkerPool", "ml")
                        .at("/spec/models")
                        .isMissingNode())
                .isTrue();
    }

    @Test
    void mlPoolWithoutGpuHasNoGpuScheduling() {
        ObjectNode ml = Chart.render(Map.of("workerPools.ml.enabled", true)).get("WorkerPool", "ml");
        assertThat(ml.at("/spec/template/resources/limits").has("nvidia.com/gpu"))
                .isFalse();
        assertThat(ml.at("/spec/template/nodeSelector").isMissingNode()).isTrue();
        assertThat(ml.at("/spec/template/tolerations").isMissingNode()).isTrue();
    }

    @Test
    void monitoringRendersPodMonitorRulesAndDashboard() {
        Rendered r = Chart.render(Map.of(
                "monitoring.podMonitor.enabled",
                true,
                "monitoring.prometheusRule.enabled",
                true,
                "monitoring.grafanaDashboard.enabled",
                true));
        ObjectNode podMonitor = r.only("PodMonitor");
        assertThat(podMonitor
                        .at("/spec/selector/matchLabels/app.kubernetes.io~1name")
                        .asText())
                .isEqualTo("vigil-worker");
        assertThat(podMonitor.at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo("http");
        assertThat(podMonitor.at("/spec/podMetricsEndpoints/0/path").asText()).isEqualTo("/metrics");

        List<JsonNode> rules = new ArrayList<>();
        r.only("PrometheusRule").at("/spec/groups").forEach(g -> g.path("rules").forEach(rules::add));
        assertThat(rules)
                .extracting(rule -> rule.path("alert").asText())
                .contains(
                        "VigilStreamDown",
                        "VigilDefectsActiveTooLong",
                        "VigilWorkerPoolSaturated",
                        "VigilStatusWriteBudgetExhausted");
        for (JsonNode rule : rules) {
            assertThat(WorkerMetrics.referenced(rule.path("expr").asText()))
                    .as(rule.path("alert").asText())
                    .isNotEmpty()
                    .allMatch(WorkerMetrics.NAMES::contains);
        }
        ObjectNode dashboard = r.only("ConfigMap");
        assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(Dashboard.metrics(dashboard.at("/data/vigil.json").asText()))
                .as("the dashboard shows every worker metric, and only those")
                .containsExactlyInAnyOrderElementsOf(WorkerMetrics.NAMES);
    }

    @Test
    void monitoringIsOffByDefault() {
        assertThat(kinds(Chart.render())).doesNotContain("PodMonitor", "PrometheusRule", "ConfigMap");
    }

    @Test
    void poolsCanBeTurnedOffAndMovedToAnotherNamespace() {
        assertThat(Chart.render(Map.of("workerPools.standard.enabled", false)).ofKind("WorkerPool"))
                .isEmpty();
        ObjectNode pool = Chart.render(Map.of("workerPools.standard.namespace", "broadcast"))
                .get("WorkerPool", "standard");
        assertThat(pool.at("/metadata/namespace").asText()).isEqualTo("broadcast");
    }

    @Test
    void theStandardPoolDecodesInFullUnlessToldOtherwise() {
        assertThat(Chart.render().get("WorkerPool", "standard").has("spec")).isTrue();
        assertThat(Chart.render()
                        .get("WorkerPool", "standard")
                        .at("/spec/decode")
                        .isMissingNode())
                .isTrue();
        ObjectNode economy = Chart.render(Map.of("workerPools.standard.decode.profile", "economy"))
                .get("WorkerPool", "standard");
        assertThat(economy.at("/spec/decode/profile").asText()).isEqualTo("economy");
    }

    @Test
    void schemaRejectsBadValues() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("operator.replicas", 3);
        bad.put("workerPools.standard.capacity", 0);
        bad.put("workerPools.standard.decode.profile", "half");
        bad.put("workerPools.standard.detectors[0]", "sharpness");
        bad.put("workerPools.ml.detectors[0]", "model:Bad_Name");
        bad.put("monitoring.prometheusRule.streamDownFor", "two minutes");
        bad.put("operator.image.pullPolicy", "Sometimes");
        bad.put("operatr.replicas", 1);
        bad.put("workerPools.standard.sources.filePaths[0]", "media/");
        bad.put("workerPools.standard.sources.filePaths[1]", "/media/../etc/");
        bad.put("workerPools.standard.sources.secrets", true);
        for (var value : bad.entrySet()) {
            assertThatThrownBy(() -> Chart.render(Map.of(value.getKey(), value.getValue())))
                    .as("%s=%s", value.getKey(), value.getValue())
                    .hasMessageContaining("values don't meet the specifications of the schema");
        }
    }

    static List<String> kinds(Rendered r) {
        return r.objects().stream().map(o -> o.path("kind").asText()).toList();
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    /** Every (group/resource[name]:verb) a role grants, one entry per combination. */
    static List<String> grants(JsonNode role) {
        List<String> out = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
            List<String> names = new ArrayList<>();
            rule.path("resourceNames").forEach(n -> names.add("[" + n.asText() + "]"));
            if (names.isEmpty()) {
                names.add("");
            }
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    for (JsonNode verb : rule.path("verbs")) {
                        for (String name : names) {
                            assertThat(List.of(group.asText(), resource.asText(), verb.asText(), name))
                                    .doesNotContain("*", "[*]");
                            out.add(group.asText() + "/" + resource.asText() + name + ":" + verb.asText());
                        }
                    }
                }
            }
        }
        return out;
    }
}
