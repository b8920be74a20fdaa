package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A bring-your-own ONNX model a pool's workers load once per worker and run as detector model:<name>
 * (defect type model:<name>) on a few frames per second of each monitor that enables it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "source", "input", "output", "raiseSec", "clearSec"})
public class ModelSpec {

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Model name (a DNS label); monitors enable it as detector model:<name>.")
    private String name;

    @Required
    @JsonPropertyDescription("Where the ONNX file is.")
    private ModelSource source;

    @JsonPropertyDescription("Input contract. Default: grey NCHW at the model's own input size, pixels scaled to 0..1.")
    private ModelInput input;

    @JsonPropertyDescription("Output mapping. Default: score = output element 0, no activation, threshold 0.5.")
    private ModelOutput output;

    @Min(0)
    @Max(3600)
    @JsonPropertyDescription("Default seconds the condition must last before a defect is raised. Default 1.")
    private Double raiseSec;

    @Min(0)
    @Max(3600)
    @JsonPropertyDescription("Default seconds the condition must be gone before the defect is cleared. Default 1.")
    private Double clearSec;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public ModelSource getSource() {
        return source;
    }

    public void setSource(ModelSource source) {
        this.source = source;
    }

    public ModelInput getInput() {
        return input;
    }

    public void setInput(ModelInput input) {
        this.input = input;
    }

    public ModelOutput getOutput() {
        return output;
    }

    public void setOutput(ModelOutput output) {
        this.output = output;
    }

    public Double getRaiseSec() {
        return raiseSec;
    }

    public void setRaiseSec(Double raiseSec) {
        this.raiseSec = raiseSec;
    }

    public Double getClearSec() {
        return clearSec;
    }

    public void setClearSec(Double clearSec) {
        this.clearSec = clearSec;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        ModelSpec that = (ModelSpec) o;
        return Objects.equals(name, that.name)
                && Objects.equals(source, that.source)
                && Objects.equals(input, that.input)
                && Objects.equals(output, that.output)
                && Objects.equals(raiseSec, that.raiseSec)
                && Objects.equals(clearSec, that.clearSec);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, source, input, output, raiseSec, clearSec);
    }

    @Override
    public String toString() {
        return "ModelSpec{name=" + name + ", source=" + source + ", input=" + input + ", output=" + output
                + ", raiseSec=" + raiseSec + ", clearSec=" + clearSec + "}";
    }
}
