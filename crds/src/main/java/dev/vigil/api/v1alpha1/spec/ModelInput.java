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
 * What the model is fed: the stream's luma plane box-averaged to width x height, as float32
 * (pixel - mean) / std, one grey channel in NCHW [N,1,H,W] or NHWC [N,H,W,1] layout. Colour input is not
 * supported (workers derive the model's input from the luma plane they decode anyway).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"width", "height", "layout", "colour", "mean", "std"})
public class ModelInput {

    /** Tensor layouts. */
    public enum Layout {
        NCHW,
        NHWC
    }

    /** Input colour: grey only (the luma plane). */
    public enum Colour {
        @JsonProperty("grey")
        GREY
    }

    @Min(1)
    @Max(4096)
    @JsonPropertyDescription("Input width in pixels. Default: the model's own fixed input width.")
    private Integer width;

    @Min(1)
    @Max(4096)
    @JsonPropertyDescription("Input height in pixels. Default: the model's own fixed input height.")
    private Integer height;

    @Default("NCHW")
    @JsonPropertyDescription("Tensor layout: NCHW or NHWC. Default NCHW.")
    private Layout layout;

    @Default("grey")
    @JsonPropertyDescription("Colour of the input; only grey is supported. Default grey.")
    private Colour colour;

    @Default("0")
    @JsonPropertyDescription("Subtracted from every 8-bit pixel value. Default 0.")
    private Double mean;

    @Default("255")
    @Min(value = 0, inclusive = false)
    @JsonPropertyDescription("Divides every pixel value after the mean. Default 255 (pixels in 0..1).")
    private Double std;

    public Integer getWidth() {
        return width;
    }

    public void setWidth(Integer width) {
        this.width = width;
    }

    public Integer getHeight() {
        return height;
    }

    public void setHeight(Integer height) {
        this.height = height;
    }

    public Layout getLayout() {
        return layout;
    }

    public void setLayout(Layout layout) {
        this.layout = layout;
    }

    public Colour getColour() {
        return colour;
    }

    public void setColour(Colour colour) {
        this.colour = colour;
    }

    public Double getMean() {
        return mean;
    }

    public void setMean(Double mean) {
        this.mean = mean;
    }

    public Double getStd() {
        return std;
    }

    public void setStd(Double std) {
        this.std = std;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        ModelInput that = (ModelInput) o;
        return Objects.equals(width, that.width)
                && Objects.equals(height, that.height)
                && Objects.equals(layout, that.layout)
                && Objects.equals(colour, that.colour)
                && Objects.equals(mean, that.mean)
                && Objects.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, layout, colour, mean, std);
    }

    @Override
    public String toString() {
        return "ModelInput{width=" + width + ", height=" + height + ", layout=" + layout + ", colour=" + colour
                + ", mean=" + mean + ", std=" + std + "}";
    }
}
