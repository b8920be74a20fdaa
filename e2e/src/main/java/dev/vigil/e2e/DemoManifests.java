package dev.vigil.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool and monitors the local demo and the end-to-end suite apply: the files in {@code examples/local},
 * with the URL of the live stream put in, and the edits the suite makes to them.
 */
public final class DemoManifests {

    public static final String NAMESPACE = "broadcast";
    public static final String POOL = "general";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path dir;

    public DemoManifests(Path repositoryRoot) {
        this.dir = repositoryRoot.resolve("examples").resolve("local");
    }

    public static String namespace() {
        return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + NAMESPACE + "\n";
    }

    public String pool() {
        return write(read("workerpool.yaml"));
    }

    /** The pool's detectors, as its workers are told them. */
    public List<String> poolDetectors() {
        List<String> detectors = new ArrayList<>();
        read("workerpool.yaml").at("/spec/detectors").forEach(d -> detectors.add(d.asText()));
        return detectors;
    }

    /** The pool's capacity per worker. */
    public double poolCapacity() {
        return read("workerpool.yaml").at("/spec/capacity").asDouble();
    }

    /** {@code examples/local/streammonitor-<name>.yaml} watching {@code url}. */
    public String monitor(String name, String url) {
        return write(monitorNode(name, url));
    }

    /** The same monitor, suspended or not, with silence raised only after {@code silenceRaiseSec}. */
    public String monitor(String name, String url, boolean suspend, double silenceRaiseSec) {
        ObjectNode monitor = monitorNode(name, url);
        ObjectNode spec = (ObjectNode) monitor.get("spec");
        spec.put("suspend", suspend);
        spec.withObjectProperty("detectors").withObjectProperty("silence").put("raiseSec", silenceRaiseSec);
        return write(monitor);
    }

    private ObjectNode monitorNode(String name, String url) {
        ObjectNode monitor = read("streammonitor-" + name + ".yaml");
        monitor.withObjectProperty("spec").withObjectProperty("source").put("url", url);
        return monitor;
    }

    private ObjectNode read(String file) {
        try {
            return (ObjectNode) YAML.readTree(dir.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(file), e);
        }
    }

    private static String write(ObjectNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
