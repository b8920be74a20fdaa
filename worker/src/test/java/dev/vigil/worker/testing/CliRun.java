package dev.vigil.worker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.cli.VigilCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code vigil …} in process and captures what it printed. */
public record CliRun(int exitCode, String out, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static synchronized CliRun vigil(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = VigilCli.run(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * {@code vigil analyze --format jsonl --decode PROFILE --[no-]escalate --detectors DETECTORS CLIP}, which must
     * exit with {@link ExitCodes#OK}.
     */
    public static CliRun analyseDecoded(Path clip, String profile, boolean escalate, String detectors) {
        CliRun run = vigil(
                "analyze",
                "--format",
                "jsonl",
                "--decode",
                profile,
                escalate ? "--escalate" : "--no-escalate",
                "--detectors",
                detectors,
                clip.toString());
        if (run.exitCode() != ExitCodes.OK) {
            throw new AssertionError("expected exit " + ExitCodes.OK + ": " + run);
        }
        return run;
    }

    /** The defects printed with {@code --format jsonl} (every line but the stream's events). */
    public List<JsonNode> defects() {
        return lines().stream()
                .filter(n -> !n.path("type").asText().equals("event"))
                .toList();
    }

    /** The stream's events printed with {@code --format jsonl} ({@code "type":"event"}). */
    public List<JsonNode> events() {
        return lines().stream()
                .filter(n -> n.path("type").asText().equals("event"))
                .toList();
    }

    /** Every line printed with {@code --format jsonl}, parsed. */
    public List<JsonNode> lines() {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                try {
                    nodes.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("not JSON: " + line, e);
                }
            }
        }
        return nodes;
    }

    public List<JsonNode> defects(String type) {
        return defects().stream()
                .filter(d -> d.get("type").asText().equals(type))
                .toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
