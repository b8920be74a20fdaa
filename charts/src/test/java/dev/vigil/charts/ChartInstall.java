package dev.vigil.charts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A real API server with the chart applied (server-side apply under the field manager {@code helm}, as Helm does)
 * and the packaged operator running with the chart's Deployment env and only the chart's rights. Skips the
 * calling test when the operator is not packaged or the server's binaries are missing.
 */
final class ChartInstall implements AutoCloseable {

    final ApiServer api;
    final OperatorProcess operator;

    private ChartInstall(ApiServer api, OperatorProcess operator) {
        this.api = api;
        this.operator = operator;
    }

    /** @param overrides env entries set over the chart's (e.g. a Quarkus profile) */
    static ChartInstall start(Map<String, String> overrides, String logName) throws Exception {
        Assumptions.assumeTrue(
                Files.exists(OperatorProcess.JAR),
                () -> OperatorProcess.JAR + " not built: run `./mvnw -B package -DskipTests` first");
        String missing = ApiServer.missingBinaries();
        Assumptions.assumeTrue(missing == null, () -> missing);
        ApiServer api = ApiServer.start();
        try {
            api.createNamespace(Chart.NAMESPACE);
            Rendered chart = Chart.render();
            for (ObjectNode object : chart.objects()) {
                api.client.resource(api.generic(object)).fieldManager("helm").serverSideApply();
            }
            return new ChartInstall(api, OperatorProcess.start(api, chart, overrides, logName));
        } catch (Exception | Error e) {
            api.close();
            throw e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        operator.close();
        api.close();
    }
}
