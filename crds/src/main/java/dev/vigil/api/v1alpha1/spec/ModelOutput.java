package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * How to read the model's answer: the first output, a float tensor [N,K] (or [N]); element scoreIndex of
 * a frame's row, after the activation, is its score, and a frame with score >= threshold shows the defect.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"scoreIndex", "activation", "threshold"})
public class ModelOutput {

    /** What turns the raw output into a score. */
    public enum Activation {
        @JsonProperty("none")
        NONE,
        @JsonProperty("sigmoid")
        SIGMOID,
        @JsonProperty("softmax")
        SOFTMAX
    }

    @Default("0")
    @Min(0)
    @Max(1000)
    @JsonPropertyDescription("Which output element is the defect score. Default 0.")
    private Integer scoreIndex;

    @Default("none")
    @JsonPropertyDescription("none, sigmoid or softmax (over the row), applied before the threshold. Default none.")
    private Activation activation;

    @Default("0.5")
    @JsonPropertyDescription(
            "A frame whose score is at least this shows the defect. Default 0.5; a monitor may override it (thresholds.score).")
    private Double threshold;

    public Integer getScoreIndex() {
        return scoreIndex;
    }

    public void setScoreIndex(Integer scoreIndex) {
        this.scoreIndex = scoreIndex;
    }

    public Activation getActivation() {
        return activation;
    }

    public void setActivation(Activation activation) {
        this.activation = activation;
    }

    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        ModelOutput that = (ModelOutput) o;
        return Objects.equals(scoreIndex, that.scoreIndex)
                && Objects.equals(activation, that.activation)
                && Objects.equals(threshold, that.threshold);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scoreIndex, activation, threshold);
    }

    @Override
    public String toString() {
        return "ModelOutput{scoreIndex=" + scoreIndex + ", activation=" + activation + ", threshold=" + threshold + "}";
    }
}
