package dev.vigil.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines of the packaged operator and worker, as a pod would run them. */
public final class VigilCommands {

    private final Path root;

    public VigilCommands(Path root) {
        this.root = root;
    }

    /** The repository root: {@code vigil.root} (set by the build and the launcher), else the working directory. */
    public static Path repositoryRoot() {
        String root = System.getProperty("vigil.root");
        return Path.of(root != null && !root.isBlank() ? root : ".")
                .toAbsolutePath()
                .normalize();
    }

    public Path root() {
        return root;
    }

    /** What must exist before anything can run, or null. */
    public String missingBuild() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(operatorJar(), workerJar())) {
            if (!Files.isRegularFile(p)) {
                missing.add(root.relativize(p).toString());
            }
        }
        return missing.isEmpty()
                ? null
                : "not built: " + String.join(", ", missing) + " (run ./mvnw -B package -DskipTests)";
    }

    public Path operatorJar() {
        return root.resolve("operator/target/quarkus-app/quarkus-run.jar");
    }

    public Path workerJar() {
        return root.resolve("worker/target/vigil-worker.jar");
    }

    /** The operator in its production profile (leader election on), with the given system properties. */
    public List<String> operator(List<String> properties) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m"));
        command.addAll(properties);
        command.addAll(List.of("-jar", operatorJar().toString()));
        return command;
    }

    /** {@code vigil ARGS…} from the packaged worker. */
    public List<String> vigil(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-Xmx1g",
                "-Dorg.bytedeco.javacpp.cachedir=" + javacppCache(),
                "-jar",
                workerJar().toString()));
        command.addAll(args);
        return command;
    }

    private static String javacppCache() {
        String property = System.getProperty("org.bytedeco.javacpp.cachedir");
        return property != null
                ? property
                : Path.of(System.getProperty("user.home"), ".cache", "vigil", "javacpp")
                        .toString();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
