package dev.vigil.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The chart against what quarkus-operator-sdk generates from the operator at build time
 * (operator/target/kubernetes/kubernetes.yml): the same probe paths, and the same rights for the WorkerPool
 * controller except the ones the chart leaves out on purpose. QOSDK derives its rules from the controller only
 * (it grants every verb on the primary resource and knows nothing of the placement loop), so the comparison is
 * one way: anything new QOSDK asks for makes this test fail until the chart grants it or the exclusion below is
 * explained. Skipped when the operator is not packaged.
 */
class QosdkManifestTest {

    static final Path GENERATED = RepoPaths.root().resolve("operator/target/kubernetes/kubernetes.yml");

    /** Granted by QOSDK's generated role, not by the chart: the operator never creates, deletes or updates pools. */
    static final Set<String> LEFT_OUT = Set.of(
            "vigil.dev/workerpools:create",
            "vigil.dev/workerpools:delete",
            "vigil.dev/workerpools:patch",
            "vigil.dev/workerpools:update",
            // the placement loop writes a pool's status with a patch, and never reads it through the subresource
            "vigil.dev/workerpools/status:get",
            "vigil.dev/workerpools/status:update",
            "vigil.dev/workerpools/status:list",
            "vigil.dev/workerpools/status:watch",
            "vigil.dev/workerpools/status:create",
            "vigil.dev/workerpools/status:delete",
            // no finalizer on pools; owned objects go by garbage collection (update is granted: blockOwnerDeletion
            // on the pool's objects needs it where OwnerReferencesPermissionEnforcement is on)
            "vigil.dev/workerpools/finalizers:get",
            "vigil.dev/workerpools/finalizers:list",
            "vigil.dev/workerpools/finalizers:watch",
            "vigil.dev/workerpools/finalizers:patch",
            "vigil.dev/workerpools/finalizers:create",
            "vigil.dev/workerpools/finalizers:delete");

    @Test
    void chartGrantsWhatQosdkGeneratesExceptTheExplainedExclusions() throws IOException {
        Rendered generated = generated();
        Set<String> qosdk = new TreeSet<>();
        for (ObjectNode role : generated.ofKind("ClusterRole")) {
            qosdk.addAll(ChartTemplateTest.grants(role));
        }
        assertThat(qosdk).isNotEmpty();
        Set<String> chart =
                new TreeSet<>(ChartTemplateTest.grants(Chart.render().get("ClusterRole", "vigil-operator")));
        Set<String> missing = new TreeSet<>(qosdk);
        missing.removeAll(chart);
        assertThat(missing)
                .as("rights QOSDK generates that the chart does not grant")
                .isEqualTo(new TreeSet<>(LEFT_OUT));
    }

    @Test
    void probesUseTheHealthPathsQuarkusGenerates() throws IOException {
        JsonNode quarkus = generated().only("Deployment").at("/spec/template/spec/containers/0");
        JsonNode chart = Chart.render().get("Deployment", "vigil-operator").at("/spec/template/spec/containers/0");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(chart.at("/" + probe + "/httpGet/path").asText())
                    .as(probe)
                    .isEqualTo(quarkus.at("/" + probe + "/httpGet/path").asText());
        }
        assertThat(quarkus.at("/ports/0/containerPort").asInt())
                .isEqualTo(chart.at("/ports/0/containerPort").asInt());
        List<String> env = new ArrayList<>();
        quarkus.path("env")
                .forEach(e ->
                        env.add(e.path("name").asText() + "=" + e.path("value").asText()));
        assertThat(env).contains("QUARKUS_OPERATOR_SDK_CONTROLLERS_WORKERPOOL_NAMESPACES=JOSDK_ALL_NAMESPACES");
        assertThat(ChartTemplateTest.env(chart)
                        .get("QUARKUS_OPERATOR_SDK_CONTROLLERS_WORKERPOOL_NAMESPACES")
                        .path("value")
                        .asText())
                .isEqualTo("JOSDK_ALL_NAMESPACES");
    }

    static Rendered generated() throws IOException {
        Assumptions.assumeTrue(
                Files.exists(GENERATED),
                () -> GENERATED + " not generated: run `./mvnw -B package -pl operator -am -DskipTests`");
        return Rendered.parse(Files.readString(GENERATED));
    }
}
