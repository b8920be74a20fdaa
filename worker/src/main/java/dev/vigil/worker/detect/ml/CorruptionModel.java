package dev.vigil.worker.detect.ml;

/**
 * The block-corruption model Vigil ships ({@code models/corruption-v2.onnx}, trained by {@code ml/train.py}):
 * temporal, two grey 256×144 NCHW channels, the sampled frame and the frame decoded just before it (a concealed
 * transmission error changes blocks in a way the motion does not explain), {@code (pixel - 128) / 64}, output
 * {@code [N,1]} = probability that the frame shows block corruption. Figures and training data:
 * {@code ml/MODEL_CARD.md}.
 */
public final class CorruptionModel {

    public static final String NAME = "corruption";
    public static final String RESOURCE = "/models/corruption-v2.onnx";
    public static final int INPUT_WIDTH = 256;
    public static final int INPUT_HEIGHT = 144;
    /** Chosen on the tuning split (max F1); see ml/MODEL_CARD.md. */
    public static final double THRESHOLD = 0.35;

    public static final ModelContract CONTRACT = new ModelContract(
            INPUT_WIDTH,
            INPUT_HEIGHT,
            ModelContract.Layout.NCHW,
            ModelContract.Colour.GREY,
            128,
            64,
            0,
            ModelContract.Activation.NONE,
            THRESHOLD,
            2);

    private CorruptionModel() {}
}
