package dev.vigil.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;

/** The Grafana dashboard JSON: which metrics its panel queries use. */
final class Dashboard {

    private Dashboard() {}

    static Set<String> metrics(String json) {
        JsonNode dashboard;
        try {
            dashboard = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> out = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.addAll(WorkerMetrics.referenced(target.path("expr").asText()));
            }
        }
        return out;
    }
}
