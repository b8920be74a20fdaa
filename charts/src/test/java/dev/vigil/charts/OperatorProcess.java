package dev.vigil.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The packaged operator ({@code java -jar operator/target/quarkus-app/quarkus-run.jar}, what the image runs) with
 * the environment of the chart's Deployment, authenticated as the chart's ServiceAccount through a token from the
 * TokenRequest API, so that only the chart's ClusterRole applies.
 */
final class OperatorProcess implements AutoCloseable {

    static final Path JAR = RepoPaths.root().resolve("operator/target/quarkus-app/quarkus-run.jar");
    static final String POD = "vigil-operator-5d8f7c-abcde";
    static final Duration DEADLINE = Duration.ofMinutes(3);

    final Process process;
    final Path log;
    final int port;

    private OperatorProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the operator as the chart's Deployment would, with {@code overrides} on top of its env. */
    static OperatorProcess start(ApiServer api, Rendered chart, Map<String, String> overrides, String logName)
            throws IOException {
        String token = api.client
                .serviceAccounts()
                .inNamespace(Chart.NAMESPACE)
                .withName("vigil-operator")
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(3600L)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
        Path kubeconfig = Files.createTempFile("vigil-operator-kubeconfig", ".yaml");
        Files.writeString(kubeconfig, serviceAccountKubeconfig(api.server.getKubeConfigYaml(), token));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", JAR.toString());
        builder.environment().putAll(deploymentEnv(chart.get("Deployment", "vigil-operator")));
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().putAll(overrides);
        Path log = Path.of("target", logName);
        Files.createDirectories(log.getParent());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new OperatorProcess(builder.start(), log, port);
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
        config.putArray("clusters").addObject().put("name", "test").set("cluster", admin.at("/clusters/0/cluster"));
        config.putArray("users")
                .addObject()
                .put("name", "vigil-operator")
                .putObject("user")
                .put("token", token);
        config.putArray("contexts")
                .addObject()
                .put("name", "operator")
                .putObject("context")
                .put("cluster", "test")
                .put("user", "vigil-operator")
                .put("namespace", Chart.NAMESPACE);
        return Rendered.YAML.writeValueAsString(config);
    }

    /** HTTP status of GET path on the operator's port, -1 when it does not answer. */
    int status(String path) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits for a condition, failing with the operator's log tail when it exits or the deadline passes. */
    void await(String what, BooleanSupplier condition) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                List<String> lines = Files.readAllLines(log);
                throw new AssertionError("not reached: " + what
                        + (process.isAlive() ? "" : " (operator exited " + process.exitValue() + ")")
                        + "; operator log tail:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
