package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The pod settings of a pool's workers; what is not set here comes from the operator's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"image", "imagePullPolicy", "resources", "nodeSelector", "tolerations", "env", "serviceAccountName"
})
public class WorkerTemplate {

    /** Kubernetes image pull policies. */
    public enum PullPolicy {
        @JsonProperty("Always")
        ALWAYS,
        @JsonProperty("IfNotPresent")
        IF_NOT_PRESENT,
        @JsonProperty("Never")
        NEVER
    }

    @JsonPropertyDescription("Worker image. Default: the worker image of the operator's release.")
    private String image;

    @JsonPropertyDescription("Always, IfNotPresent or Never. Default: Kubernetes' default for the image tag.")
    private PullPolicy imagePullPolicy;

    @JsonPropertyDescription("CPU and memory of one worker; capacity should match them.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Node labels the workers must run on.")
    private Map<String, String> nodeSelector;

    @JsonPropertyDescription("Tolerations of the worker pods.")
    private List<Toleration> tolerations;

    @JsonPropertyDescription("Extra environment variables of the worker container.")
    private List<EnvVar> env;

    @JsonPropertyDescription("Service account of the worker pods. Default: the operator's worker account.")
    private String serviceAccountName;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public PullPolicy getImagePullPolicy() {
        return imagePullPolicy;
    }

    public void setImagePullPolicy(PullPolicy imagePullPolicy) {
        this.imagePullPolicy = imagePullPolicy;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        WorkerTemplate that = (WorkerTemplate) o;
        return Objects.equals(image, that.image)
                && Objects.equals(imagePullPolicy, that.imagePullPolicy)
                && Objects.equals(resources, that.resources)
                && Objects.equals(nodeSelector, that.nodeSelector)
                && Objects.equals(tolerations, that.tolerations)
                && Objects.equals(env, that.env)
                && Objects.equals(serviceAccountName, that.serviceAccountName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(image, imagePullPolicy, resources, nodeSelector, tolerations, env, serviceAccountName);
    }

    @Override
    public String toString() {
        return "WorkerTemplate{image=" + image + ", imagePullPolicy=" + imagePullPolicy + ", resources=" + resources
                + ", nodeSelector=" + nodeSelector + ", tolerations=" + tolerations + ", env=" + env
                + ", serviceAccountName=" + serviceAccountName + "}";
    }
}
