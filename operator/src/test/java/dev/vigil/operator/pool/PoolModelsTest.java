package dev.vigil.operator.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.spec.ConfigMapKeyRef;
import dev.vigil.api.v1alpha1.spec.ModelInput;
import dev.vigil.api.v1alpha1.spec.ModelOutput;
import dev.vigil.api.v1alpha1.spec.ModelSource;
import dev.vigil.api.v1alpha1.spec.ModelSpec;
import dev.vigil.api.v1alpha1.spec.SecretKeyRef;
import dev.vigil.operator.placement.TestResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A WorkerPool's models in its worker pod template: mounted files and the VIGIL_MODELS contracts. */
public class PoolModelsTest {

    /** A pool with a ConfigMap, a Secret and a path model (and uid, as if read from the server). */
    public static WorkerPool poolWithModels(String ns) {
        WorkerPool pool =
                TestResources.pool(ns, "ml", 4, 1, 3, "black", "model:logo", "model:secret-net", "model:baked");
        pool.getMetadata().setUid("uid-ml");
        pool.getSpec()
                .setModels(List.of(
                        model("logo", source(cm("logo-model", "logo.onnx"), null, null), 224, 0.6),
                        model("secret-net", source(null, secret("vendor-models", "net.onnx"), null), null, null),
                        model("baked", source(null, null, "/opt/models/baked.onnx"), null, null)));
        return pool;
    }

    @Test
    void mountsConfigMapAndSecretEntriesAndUsesPathsAsTheyAre() {
        PodSpec pod = PoolResources.statefulSet(poolWithModels("ns"), 1, "img", 15)
                .getSpec()
                .getTemplate()
                .getSpec();

        assertThat(pod.getVolumes())
                .extracting(Volume::getName)
                .containsExactly("model-logo", "model-secret-net", "tmp");
        Volume cm = pod.getVolumes().get(0);
        assertThat(cm.getConfigMap().getName()).isEqualTo("logo-model");
        assertThat(cm.getConfigMap().getOptional()).isTrue();
        assertThat(cm.getConfigMap().getItems()).singleElement().satisfies(i -> {
            assertThat(i.getKey()).isEqualTo("logo.onnx");
            assertThat(i.getPath()).isEqualTo("model.onnx");
        });
        Volume secret = pod.getVolumes().get(1);
        assertThat(secret.getSecret().getSecretName()).isEqualTo("vendor-models");
        assertThat(secret.getSecret().getItems()).singleElement().satisfies(i -> {
            assertThat(i.getKey()).isEqualTo("net.onnx");
            assertThat(i.getPath()).isEqualTo("model.onnx");
        });

        Container worker = pod.getContainers().get(0);
        assertThat(worker.getVolumeMounts())
                .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getReadOnly)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("model-logo", "/var/lib/vigil/models/logo", true),
                        org.assertj.core.groups.Tuple.tuple(
                                "model-secret-net", "/var/lib/vigil/models/secret-net", true),
                        org.assertj.core.groups.Tuple.tuple("tmp", "/tmp", null));
    }

    @Test
    void passesTheContractsInTheFormatTheWorkerReads() {
        Container worker = PoolResources.statefulSet(poolWithModels("ns"), 1, "img", 15)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);

        // the worker's ModelEnvironmentTest reads this same first entry
        assertThat(worker.getEnv())
                .filteredOn(e -> e.getName().equals(PoolModels.ENV))
                .singleElement()
                .extracting(EnvVar::getValue)
                .isEqualTo("["
                        + "{\"name\":\"logo\",\"file\":\"/var/lib/vigil/models/logo/model.onnx\","
                        + "\"input\":{\"width\":224,\"height\":128,\"layout\":\"NHWC\",\"colour\":\"grey\",\"mean\":0.0,\"std\":255.0},"
                        + "\"output\":{\"scoreIndex\":1,\"activation\":\"softmax\",\"threshold\":0.6},\"raiseSec\":2.0,\"clearSec\":3.0},"
                        + "{\"name\":\"secret-net\",\"file\":\"/var/lib/vigil/models/secret-net/model.onnx\"},"
                        + "{\"name\":\"baked\",\"file\":\"/opt/models/baked.onnx\"}]");
    }

    @Test
    void aPoolWithoutModelsHasOnlyItsTmpVolumeAndNoModelEnv() {
        WorkerPool plain = TestResources.pool("ns", "general", 8, 1, 3, "freeze", "black");
        plain.getMetadata().setUid("uid-general");
        PodSpec pod = PoolResources.statefulSet(plain, 1, "img", 15)
                .getSpec()
                .getTemplate()
                .getSpec();

        assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("tmp");
        assertThat(pod.getContainers().get(0).getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .containsExactly("/tmp");
        assertThat(pod.getContainers().get(0).getEnv())
                .extracting(EnvVar::getName)
                .containsExactly(
                        "POD_NAME",
                        "POD_NAMESPACE",
                        "VIGIL_POOL",
                        "VIGIL_POOL_DETECTORS",
                        "VIGIL_POOL_CAPACITY",
                        "VIGIL_LEASE_DURATION_SECONDS");
    }

    @Test
    void longModelNamesStillGiveValidVolumeNames() {
        ModelSpec m = model("a".repeat(63), source(cm("x", "y"), null, null), null, null);
        assertThat(PoolModels.volumeName(m))
                .hasSizeLessThanOrEqualTo(63)
                .startsWith("model-aaaa")
                .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    private static ModelSpec model(String name, ModelSource source, Integer width, Double threshold) {
        ModelSpec m = new ModelSpec();
        m.setName(name);
        m.setSource(source);
        if (width != null) {
            ModelInput in = new ModelInput();
            in.setWidth(width);
            in.setHeight(128);
            in.setLayout(ModelInput.Layout.NHWC);
            in.setColour(ModelInput.Colour.GREY);
            in.setMean(0.0);
            in.setStd(255.0);
            m.setInput(in);
            ModelOutput out = new ModelOutput();
            out.setScoreIndex(1);
            out.setActivation(ModelOutput.Activation.SOFTMAX);
            out.setThreshold(threshold);
            m.setOutput(out);
            m.setRaiseSec(2.0);
            m.setClearSec(3.0);
        }
        return m;
    }

    private static ModelSource source(ConfigMapKeyRef cm, SecretKeyRef secret, String path) {
        ModelSource s = new ModelSource();
        s.setConfigMap(cm);
        s.setSecret(secret);
        s.setPath(path);
        return s;
    }

    private static ConfigMapKeyRef cm(String name, String key) {
        ConfigMapKeyRef r = new ConfigMapKeyRef();
        r.setName(name);
        r.setKey(key);
        return r;
    }

    private static SecretKeyRef secret(String name, String key) {
        SecretKeyRef r = new SecretKeyRef();
        r.setName(name);
        r.setKey(key);
        return r;
    }
}
