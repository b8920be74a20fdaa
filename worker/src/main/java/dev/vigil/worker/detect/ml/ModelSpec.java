package dev.vigil.worker.detect.ml;

import dev.vigil.worker.detect.DetectorName;
import java.nio.file.Path;

/**
 * A model to load: its name (detector {@code model:<name>}), where the ONNX file is, how to use it, and the
 * default hold times of its detector.
 */
public record ModelSpec(String name, Path file, ModelContract contract, double raiseSec, double clearSec) {

    public ModelSpec {
        DetectorName.model(name); // validates the name
        if (raiseSec < 0 || clearSec < 0) {
            throw new IllegalArgumentException("raiseSec and clearSec must be >= 0");
        }
    }
}
