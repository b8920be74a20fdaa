package dev.vigil.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The manifests under examples/ (every .yaml file, media/ aside), one entry per object, and Vigil's CRD schemas. */
final class Examples {

    /** One object of one example file. */
    record Example(Path file, ObjectNode object) {
        String kind() {
            return object.path("kind").asText();
        }

        String name() {
            return object.at("/metadata/name").asText();
        }

        @Override
        public String toString() {
            return RepoPaths.examples().relativize(file) + " " + kind() + "/" + name();
        }
    }

    private Examples() {}

    static List<Path> files() {
        try (Stream<Path> files = Files.walk(RepoPaths.examples())) {
            return files.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !RepoPaths.examples().relativize(p).startsWith("media"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Example> all() {
        return files().stream()
                .flatMap(f -> read(f).objects().stream().map(o -> new Example(f, o)))
                .toList();
    }

    static Rendered read(Path file) {
        try {
            return Rendered.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The openAPIV3Schema of a Vigil kind, from crds/generated. */
    static JsonNode schema(String kind) {
        String file = switch (kind) {
            case "StreamMonitor" -> "streammonitors.vigil.dev-v1.yml";
            case "WorkerPool" -> "workerpools.vigil.dev-v1.yml";
            default -> throw new IllegalArgumentException("not a Vigil kind: " + kind);
        };
        try {
            JsonNode crd = Rendered.YAML.readTree(
                    RepoPaths.generatedCrds().resolve(file).toFile());
            return crd.at("/spec/versions/0/schema/openAPIV3Schema");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
