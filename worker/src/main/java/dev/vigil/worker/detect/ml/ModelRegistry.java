package dev.vigil.worker.detect.ml;

import dev.vigil.worker.detect.DetectorName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models of this worker process, each loaded once and shared by every stream: the shipped
 * {@code corruption} model (loaded on first use) and the models the user declares (WorkerPool
 * {@code spec.models[]} mounted as files, or {@code vigil analyze --model}). A model that fails to load stays
 * registered with its error, so each monitor asking for it reports that error while its other detectors run.
 */
public final class ModelRegistry implements AutoCloseable {

    /** What a name resolves to: a runtime, or the reason there is none. */
    public record Entry(ModelSpec spec, ModelRuntime runtime, String error) {
        public boolean loaded() {
            return runtime != null;
        }
    }

    private static final ModelRegistry SHARED = new ModelRegistry(InferenceSettings.fromEnvironment());

    private final InferenceSettings settings;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public ModelRegistry(InferenceSettings settings) {
        this.settings = settings;
    }

    /** The process-wide registry the detector catalog uses. */
    public static ModelRegistry shared() {
        return SHARED;
    }

    /**
     * Loads a user's model (replacing one of the same name). Never throws for a bad model: the entry keeps
     * the error, see {@link Entry#error()}.
     */
    public Entry register(ModelSpec spec) {
        Entry entry;
        try {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(spec.file());
            } catch (IOException e) {
                throw new ModelException("model:" + spec.name() + " cannot be read from " + spec.file() + ": " + e);
            }
            entry = new Entry(spec, ModelRuntime.load(spec.name(), bytes, spec.contract(), settings), null);
        } catch (ModelException e) {
            entry = new Entry(spec, null, e.getMessage());
        }
        Entry old = entries.put(spec.name(), entry);
        if (old != null && old.loaded()) {
            old.runtime().close();
        }
        return entry;
    }

    /** Forgets a user's model and frees its runtime (a process that no longer serves it). */
    public void remove(String name) {
        Entry old = entries.remove(name);
        if (old != null && old.loaded()) {
            old.runtime().close();
        }
    }

    /** The entry for a model name, loading the shipped model on first use; empty for an unknown name. */
    public Optional<Entry> lookup(String name) {
        Entry e = entries.get(name);
        if (e == null && CorruptionModel.NAME.equals(name)) {
            e = entries.computeIfAbsent(name, n -> loadShipped());
        }
        return Optional.ofNullable(e);
    }

    /** Names of the user's models (the shipped one is in the catalog anyway). */
    public Set<DetectorName> userModels() {
        Set<DetectorName> names = new TreeSet<>();
        entries.forEach((name, e) -> {
            if (e.spec() != null) {
                names.add(DetectorName.model(name));
            }
        });
        return names;
    }

    private Entry loadShipped() {
        try (InputStream in = ModelRegistry.class.getResourceAsStream(CorruptionModel.RESOURCE)) {
            if (in == null) {
                return new Entry(
                        null, null, "model:corruption is not in this build (" + CorruptionModel.RESOURCE + ")");
            }
            return new Entry(
                    null,
                    ModelRuntime.load(CorruptionModel.NAME, in.readAllBytes(), CorruptionModel.CONTRACT, settings),
                    null);
        } catch (IOException | ModelException e) {
            return new Entry(null, null, e.getMessage());
        }
    }

    @Override
    public void close() {
        entries.values().forEach(e -> {
            if (e.loaded()) {
                e.runtime().close();
            }
        });
        entries.clear();
    }
}
