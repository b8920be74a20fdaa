package dev.vigil.worker.detect.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.media.LumaImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bring-your-own models: loading, contract checks, and clear errors for models that cannot be used. */
class ModelRegistryTest {

    static final Path BRIGHTNESS = Path.of("src/test/resources/models/brightness-64x32.onnx");
    static final Path RGB = Path.of("src/test/resources/models/rgb-64x32.onnx");
    /** [N,2,32,64] -> mean(channel 0 - channel 1), like the temporal built-in model's two frames. */
    static final Path CHANGE = Path.of("src/test/resources/models/change-64x32.onnx");

    static final ModelContract TWO_FRAMES = new ModelContract(
            64,
            32,
            ModelContract.Layout.NCHW,
            ModelContract.Colour.GREY,
            0,
            255,
            0,
            ModelContract.Activation.NONE,
            0.5,
            2);
    static final ModelContract UNIT_SCALE = ModelContract.DEFAULTS; // (x - 0) / 255, size from the model

    private final ModelRegistry registry = new ModelRegistry(InferenceSettings.DEFAULTS);

    @TempDir
    Path tmp;

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void loadsAModelAndTakesItsInputSizeFromTheModel() throws Exception {
        ModelRegistry.Entry e = registry.register(new ModelSpec("brightness", BRIGHTNESS, UNIT_SCALE, 1, 1));

        assertThat(e.error()).isNull();
        ModelRuntime m = e.runtime();
        assertThat(m.contract().width()).isEqualTo(64);
        assertThat(m.contract().height()).isEqualTo(32);
        assertThat(m.provider()).isEqualTo("CPU");
        double[] s = m.score(List.of(flat(255), flat(0), flat(51)));
        assertThat(s[0]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(s[1]).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(s[2]).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void appliesMeanStdAndActivationFromTheContract() throws Exception {
        ModelContract c = new ModelContract(
                64,
                32,
                ModelContract.Layout.NCHW,
                ModelContract.Colour.GREY,
                128,
                1,
                0,
                ModelContract.Activation.SIGMOID,
                0.5);
        ModelRuntime m =
                registry.register(new ModelSpec("logit", BRIGHTNESS, c, 1, 1)).runtime();

        double[] s = m.score(List.of(flat(128), flat(130)));
        assertThat(s[0]).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(s[1]).isCloseTo(1 / (1 + Math.exp(-2)), org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aTwoFrameModelGetsTheSampledFrameThenThePreviousOne() throws Exception {
        ModelRuntime m = registry.register(new ModelSpec("change", CHANGE, TWO_FRAMES, 1, 1))
                .runtime();

        double[] s = m.score(List.of(flat(153).withPrevious(flat(102)), flat(0).withPrevious(flat(51)), flat(77)));

        assertThat(s[0]).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(s[1]).isCloseTo(-0.2, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(s[2])
                .as("no previous frame: compared with itself")
                .isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aTwoChannelModelDoesNotFitASingleFrameContractNorTheOtherWayRound() {
        ModelRegistry.Entry twoAsOne = registry.register(new ModelSpec("change", CHANGE, UNIT_SCALE, 1, 1));
        ModelRegistry.Entry oneAsTwo = registry.register(new ModelSpec("brightness", BRIGHTNESS, TWO_FRAMES, 1, 1));

        assertThat(twoAsOne.error()).contains("2 channels").contains("grey (1 channel)");
        assertThat(oneAsTwo.error()).contains("1 channels").contains("2 grey frames");
    }

    @Test
    void aFileThatIsNotOnnxIsAClearError() throws Exception {
        Path junk = tmp.resolve("junk.onnx");
        Files.write(junk, "this is not a model".getBytes());

        ModelRegistry.Entry e = registry.register(new ModelSpec("junk", junk, UNIT_SCALE, 1, 1));

        assertThat(e.loaded()).isFalse();
        assertThat(e.error()).startsWith("model:junk cannot be loaded: ");
    }

    @Test
    void aTruncatedModelIsAClearError() throws Exception {
        byte[] whole = Files.readAllBytes(BRIGHTNESS);
        Path cut = tmp.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));

        ModelRegistry.Entry e = registry.register(new ModelSpec("cut", cut, UNIT_SCALE, 1, 1));

        assertThat(e.loaded()).isFalse();
        assertThat(e.error()).startsWith("model:cut cannot be loaded");
    }

    @Test
    void aMissingFileIsAClearError() {
        ModelRegistry.Entry e = registry.register(new ModelSpec("gone", tmp.resolve("gone.onnx"), UNIT_SCALE, 1, 1));

        assertThat(e.error()).startsWith("model:gone cannot be read from ").contains("gone.onnx");
    }

    @Test
    void aColourModelDoesNotFitAGreyContract() {
        ModelRegistry.Entry e = registry.register(new ModelSpec("rgb", RGB, UNIT_SCALE, 1, 1));

        assertThat(e.error())
                .isEqualTo("model:rgb input 'luma' has shape [-1, 3, 32, 64]: 3 channels in NCHW layout;"
                        + " Vigil feeds grey (1 channel)");
    }

    @Test
    void anInputSizeOtherThanTheContractsIsAClearError() {
        ModelContract c = UNIT_SCALE.withSize(128, 64);

        ModelRegistry.Entry e = registry.register(new ModelSpec("small", BRIGHTNESS, c, 1, 1));

        assertThat(e.error())
                .isEqualTo("model:small input 'luma' has shape [-1, 1, 32, 64] but its contract says 128x64 NCHW");
    }

    @Test
    void theWrongLayoutIsAClearError() {
        ModelContract nhwc = new ModelContract(
                0,
                0,
                ModelContract.Layout.NHWC,
                ModelContract.Colour.GREY,
                0,
                255,
                0,
                ModelContract.Activation.NONE,
                0.5);

        ModelRegistry.Entry e = registry.register(new ModelSpec("nhwc", BRIGHTNESS, nhwc, 1, 1));

        assertThat(e.error()).contains("64 channels in NHWC layout");
    }

    @Test
    void aScoreIndexBeyondTheOutputIsAClearError() {
        ModelContract c = new ModelContract(
                0,
                0,
                ModelContract.Layout.NCHW,
                ModelContract.Colour.GREY,
                0,
                255,
                3,
                ModelContract.Activation.NONE,
                0.5);

        ModelRegistry.Entry e = registry.register(new ModelSpec("idx", BRIGHTNESS, c, 1, 1));

        assertThat(e.error())
                .isEqualTo("model:idx output 'score' has 1 values per frame; scoreIndex 3 is out of range");
    }

    @Test
    void theShippedModelLoadsWithItsContract() {
        ModelRegistry.Entry e = registry.lookup(CorruptionModel.NAME).orElseThrow();

        assertThat(e.error()).isNull();
        assertThat(e.runtime().contract()).isEqualTo(CorruptionModel.CONTRACT);
    }

    static LumaImage flat(int value) {
        return image(64, 32, value);
    }

    static LumaImage image(int w, int h, int value) {
        byte[] px = new byte[w * h];
        Arrays.fill(px, (byte) value);
        return new LumaImage(w, h, px);
    }
}
