package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.api.v1alpha1.validation.Rules;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * A set of identical workers that run some detectors.
 *
 * <h2>Capacity</h2>
 * Capacity is counted in <em>stream units</em>: one unit is the decode and analysis cost of a 1280×720
 * stream at 25 frames per second. A stream costs in proportion to the pixels it decodes per second,
 * {@code width × height × fps / (1280 × 720 × 25)}: 1080p25 = 2.25 units, 1080p50 = 4.5, 2160p50 = 18,
 * 576i25 (720×576) = 0.45; {@link dev.vigil.api.v1alpha1.StreamUnits} computes it, including audio-only
 * streams and streams whose format is not known yet. {@code capacity} is what one worker (one pod,
 * with {@code template.resources}) can take; the scheduler never places more on a worker.
 * On the reference machine one core decodes and analyses about 20 units with the cheap detectors.
 * With {@code decode.profile} economy or keyframes a stream costs a measured share of its units
 * ({@link dev.vigil.api.v1alpha1.StreamUnits#of(int, int, double, dev.vigil.api.v1alpha1.DecodeProfile)}), and part
 * of each worker's capacity is kept free for escalations to full decoding.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "detectors",
    "models",
    "capacity",
    "decode",
    "minWorkers",
    "maxWorkers",
    "sources",
    "template",
    "evidence"
})
@ValidationRule(value = Rules.WORKERS_RANGE, message = Rules.WORKERS_RANGE_MESSAGE)
@ValidationRule(value = Rules.MODELS_DECLARED, message = Rules.MODELS_DECLARED_MESSAGE)
public class WorkerPoolSpec {

    public static final int MAX_DETECTORS = 16;
    public static final int MAX_WORKERS = 1000;
    public static final int MAX_MODELS = 8;

    @Required
    @Size(min = 1, max = MAX_DETECTORS)
    @ValidationRule(value = Rules.DETECTOR_LIST, message = Rules.DETECTOR_LIST_MESSAGE)
    @JsonPropertyDescription("Detectors this pool's workers run: built-in names (freeze, black, blockiness,"
            + " corruption, silence, clipping, loudness, stall, transport, manifest, av_sync), model:corruption (the"
            + " block-corruption model every worker"
            + " ships) or model:<name> for a model declared in models.")
    private List<String> detectors;

    @Size(max = MAX_MODELS)
    @ValidationRule(value = Rules.MODEL_NAMES_UNIQUE, message = Rules.MODEL_NAMES_UNIQUE_MESSAGE)
    @JsonPropertyDescription("Bring-your-own ONNX models the workers load (once per worker, shared by its streams) and"
            + " provide as detectors model:<name>: where the file is, its input contract and output mapping.")
    private List<ModelSpec> models;

    @Required
    @Min(value = 0, inclusive = false)
    @Max(10000)
    @JsonPropertyDescription("What one worker can take, in stream units: 1 unit = one 1280x720 stream at 25 fps;"
            + " a stream costs in proportion to width x height x fps (1080p25 = 2.25, 2160p50 = 18).")
    private Double capacity;

    @JsonPropertyDescription("How the workers decode video: profile full, economy or keyframes, and escalation to full"
            + " decoding while a suspected defect is measured. Default: full.")
    private DecodeSpec decode;

    @Min(0)
    @Max(MAX_WORKERS)
    @Default("1")
    @JsonPropertyDescription("Fewest workers, even when idle. Default 1.")
    private Integer minWorkers;

    @Required
    @Min(1)
    @Max(MAX_WORKERS)
    @JsonPropertyDescription("Most workers the pool scales to; must be >= minWorkers.")
    private Integer maxWorkers;

    @JsonPropertyDescription("What the sources of this pool's monitors may reach besides network streams: local"
            + " files below filePaths, listening sockets. Default: neither.")
    private SourceAccess sources;

    @JsonPropertyDescription("Pod settings of the workers.")
    private WorkerTemplate template;

    @JsonPropertyDescription(
            "Keep a thumbnail and a clip of each defect in S3-compatible object storage. Default: no" + " evidence.")
    private EvidenceSpec evidence;

    public List<String> getDetectors() {
        return detectors;
    }

    public void setDetectors(List<String> detectors) {
        this.detectors = detectors;
    }

    public List<ModelSpec> getModels() {
        return models;
    }

    public void setModels(List<ModelSpec> models) {
        this.models = models;
    }

    public Double getCapacity() {
        return capacity;
    }

    public void setCapacity(Double capacity) {
        this.capacity = capacity;
    }

    public DecodeSpec getDecode() {
        return decode;
    }

    public void setDecode(DecodeSpec decode) {
        this.decode = decode;
    }

    public Integer getMinWorkers() {
        return minWorkers;
    }

    public void setMinWorkers(Integer minWorkers) {
        this.minWorkers = minWorkers;
    }

    public Integer getMaxWorkers() {
        return maxWorkers;
    }

    public void setMaxWorkers(Integer maxWorkers) {
        this.maxWorkers = maxWorkers;
    }

    public SourceAccess getSources() {
        return sources;
    }

    public void setSources(SourceAccess sources) {
        this.sources = sources;
    }

    public WorkerTemplate getTemplate() {
        return template;
    }

    public void setTemplate(WorkerTemplate template) {
        this.template = template;
    }

    public EvidenceSpec getEvidence() {
        return evidence;
    }

    public void setEvidence(EvidenceSpec evidence) {
        this.evidence = evidence;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        WorkerPoolSpec that = (WorkerPoolSpec) o;
        return Objects.equals(detectors, that.detectors)
                && Objects.equals(models, that.models)
                && Objects.equals(capacity, that.capacity)
                && Objects.equals(decode, that.decode)
                && Objects.equals(minWorkers, that.minWorkers)
                && Objects.equals(maxWorkers, that.maxWorkers)
                && Objects.equals(sources, that.sources)
                && Objects.equals(template, that.template)
                && Objects.equals(evidence, that.evidence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(detectors, models, capacity, decode, minWorkers, maxWorkers, sources, template, evidence);
    }

    @Override
    public String toString() {
        return "WorkerPoolSpec{detectors=" + detectors + ", models=" + models + ", capacity=" + capacity + ", decode="
                + decode + ", minWorkers=" + minWorkers + ", maxWorkers=" + maxWorkers + ", sources=" + sources
                + ", template=" + template + ", evidence=" + evidence + "}";
    }
}
