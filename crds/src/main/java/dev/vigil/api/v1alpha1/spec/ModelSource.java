package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.api.v1alpha1.validation.Rules;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Where a worker finds an ONNX model file: exactly one of a ConfigMap entry, a Secret entry (both mounted
 * into the worker pods by the operator) or a path inside the worker image or an already mounted volume.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"configMap", "secret", "path"})
@ValidationRule(value = Rules.MODEL_SOURCE, message = Rules.MODEL_SOURCE_MESSAGE)
public class ModelSource {

    @JsonPropertyDescription("A ConfigMap entry (binaryData) holding the ONNX file; ConfigMaps hold at most 1 MiB.")
    private ConfigMapKeyRef configMap;

    @JsonPropertyDescription("A Secret entry holding the ONNX file.")
    private SecretKeyRef secret;

    @Size(max = 1024)
    @Pattern("^/.*")
    @JsonPropertyDescription(
            "Absolute path of the ONNX file inside the worker container (baked into the image or on a volume).")
    private String path;

    public ConfigMapKeyRef getConfigMap() {
        return configMap;
    }

    public void setConfigMap(ConfigMapKeyRef configMap) {
        this.configMap = configMap;
    }

    public SecretKeyRef getSecret() {
        return secret;
    }

    public void setSecret(SecretKeyRef secret) {
        this.secret = secret;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        ModelSource that = (ModelSource) o;
        return Objects.equals(configMap, that.configMap)
                && Objects.equals(secret, that.secret)
                && Objects.equals(path, that.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(configMap, secret, path);
    }

    @Override
    public String toString() {
        return "ModelSource{configMap=" + configMap + ", secret=" + secret + ", path=" + path + "}";
    }
}
