package dev.vigil.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.worker.detect.ml.InferenceSettings;
import dev.vigil.worker.detect.ml.ModelContract;
import dev.vigil.worker.detect.ml.ModelRegistry;
import dev.vigil.worker.detect.ml.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models a WorkerPool hands its workers in VIGIL_MODELS, in the operator's JSON. */
class ModelEnvironmentTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheOperatorsListWithContractsAndHoldTimes() throws Exception {
        List<ModelSpec> specs = ModelDeclarations.fromEnvironment("""
                [{"name":"logo","file":"/var/lib/vigil/models/logo/model.onnx",
                  "input":{"width":224,"height":128,"layout":"NHWC","colour":"grey","mean":0.0,"std":255.0},
                  "output":{"scoreIndex":1,"activation":"softmax","threshold":0.6},"raiseSec":2.0,"clearSec":3.0},
                 {"name":"plain","file":"/models/plain.onnx"}]""");

        assertThat(specs).hasSize(2);
        ModelSpec logo = specs.get(0);
        assertThat(logo.name()).isEqualTo("logo");
        assertThat(logo.file()).isEqualTo(Path.of("/var/lib/vigil/models/logo/model.onnx"));
        assertThat(logo.contract())
                .isEqualTo(new ModelContract(
                        224,
                        128,
                        ModelContract.Layout.NHWC,
                        ModelContract.Colour.GREY,
                        0,
                        255,
                        1,
                        ModelContract.Activation.SOFTMAX,
                        0.6));
        assertThat(logo.raiseSec()).isEqualTo(2.0);
        assertThat(logo.clearSec()).isEqualTo(3.0);
        assertThat(specs.get(1).contract()).isEqualTo(ModelContract.DEFAULTS);
        assertThat(specs.get(1).raiseSec()).isEqualTo(1.0);
    }

    @Test
    void unsetOrBlankMeansNoModels() throws Exception {
        assertThat(ModelDeclarations.fromEnvironment(null)).isEmpty();
        assertThat(ModelDeclarations.fromEnvironment("  ")).isEmpty();
    }

    @Test
    void malformedListsAreClearErrors() {
        assertThatThrownBy(() -> ModelDeclarations.fromEnvironment("[{\"name\":"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VIGIL_MODELS: not valid JSON");
        assertThatThrownBy(() -> ModelDeclarations.fromEnvironment("{\"name\":\"a\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VIGIL_MODELS: expected a list");
        assertThatThrownBy(() -> ModelDeclarations.fromEnvironment("[{\"name\":\"a\",\"file\":\"a.onnx\"}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be an absolute path");
        assertThatThrownBy(() ->
                        ModelDeclarations.fromEnvironment("[{\"name\":\"a\",\"file\":\"/a.onnx\",\"source\":{}}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown field 'source'");
        assertThatThrownBy(() -> ModelDeclarations.fromEnvironment(
                        "[{\"name\":\"a\",\"file\":\"/a.onnx\",\"input\":{\"colour\":\"rgb\"}}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("colour rgb is not supported");
    }

    @Test
    void aModelThatFailsToLoadIsRegisteredWithItsError() throws Exception {
        Path good = Path.of("src/test/resources/models/brightness-64x32.onnx").toAbsolutePath();
        Path corrupt = Files.write(tmp.resolve("corrupt.onnx"), new byte[] {1, 2, 3, 4});
        try (ModelRegistry registry = new ModelRegistry(InferenceSettings.DEFAULTS)) {
            List<ModelRegistry.Entry> entries = ModelDeclarations.registerFromEnvironment(
                    "[{\"name\":\"good\",\"file\":\"" + good + "\"},{\"name\":\"corrupt\",\"file\":\"" + corrupt
                            + "\"},{\"name\":\"missing\",\"file\":\"" + tmp.resolve("missing.onnx") + "\"}]",
                    registry);

            assertThat(entries).extracting(ModelRegistry.Entry::loaded).containsExactly(true, false, false);
            assertThat(entries.get(1).error()).contains("model:corrupt");
            assertThat(entries.get(2).error()).contains("model:missing cannot be read");
            assertThat(registry.lookup("corrupt")).isPresent();
        }
    }
}
