package dev.vigil.api.v1alpha1.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One example manifest of the catalogue under {@code src/test/resources/valid/} (accepted) or
 * {@code src/test/resources/invalid/} (rejected). An invalid manifest says in comment lines at its top what
 * the API server must answer:
 * <pre>
 * # field: spec.detectors.silence.raiseSec     where the rejection is reported
 * # rule: maximum                               the schema keyword, or cel for a CEL rule
 * # message: should be less than or equal to 3600   text the rejection contains
 * </pre>
 * The files are plain YAML that {@code kubectl apply} accepts (comments aside), so an API-server test can apply
 * them as they are and assert the same expectations.
 */
public record Manifest(String name, Path file, String text, JsonNode tree, Optional<Expectation> expected) {

    /** What an invalid manifest must be rejected with. */
    public record Expectation(String field, String rule, String message) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public String kind() {
        return tree.path("kind").asText();
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * The manifests of {@code valid/} or {@code invalid/} on the class path, by file name: from
     * {@code target/test-classes} here, or from the {@code vigil-crds} test-jar in another module.
     */
    public static List<Manifest> catalogue(String folder) {
        Path dir;
        try {
            URI uri = Manifest.class.getClassLoader().getResource(folder).toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException ignored) {
                    // opened by an earlier call
                }
            }
            dir = Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the manifest catalogue " + folder, e);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .map(Manifest::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Manifest load(Path file) {
        try {
            String text = Files.readString(file);
            Map<String, String> header = new HashMap<>();
            for (String line : text.split("\n")) {
                if (!line.startsWith("#")) {
                    break;
                }
                String[] kv = line.substring(1).strip().split(": ", 2);
                if (kv.length == 2 && List.of("field", "rule", "message").contains(kv[0])) {
                    header.put(kv[0], kv[1].strip());
                }
            }
            Optional<Expectation> expected = header.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new Expectation(header.get("field"), header.get("rule"), header.get("message")));
            String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
            return new Manifest(name, file, text, YAML.readTree(text), expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
