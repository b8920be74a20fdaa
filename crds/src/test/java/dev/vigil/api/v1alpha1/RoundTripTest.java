package dev.vigil.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.spec.WorkerPoolSpec;
import dev.vigil.api.v1alpha1.spec.WorkerTemplate;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.Health;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.api.v1alpha1.status.WorkerPoolStatus;
import dev.vigil.api.v1alpha1.testing.Manifest;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The valid example manifests read into the Java model with the values they say, and write back unchanged. */
class RoundTripTest {

    static final List<Manifest> VALID = Manifest.catalogue("valid");
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @Test
    void minimalStreamMonitor() {
        StreamMonitor sm = read("streammonitor-minimal", StreamMonitor.class);
        assertThat(sm.getApiVersion()).isEqualTo(VigilApi.API_VERSION);
        assertThat(sm.getKind()).isEqualTo(StreamMonitor.KIND);
        assertThat(sm.getMetadata().getName()).isEqualTo("news-srt");
        assertThat(sm.getSpec().getSource().getUrl()).isEqualTo("srt://encoder-1.studio.svc:9000?mode=caller");
        assertThat(sm.getSpec().getDetectors()).isNull();
        assertThat(sm.getSpec().getNotify()).isNull();
        assertThat(sm.getStatus()).isNull();
    }

    @Test
    void fullStreamMonitorSpec() {
        StreamMonitorSpec spec = read("streammonitor-full", StreamMonitor.class).getSpec();
        assertThat(spec.getSource().getUrl()).isEqualTo("https://cdn.example.com/live/sports/index.m3u8");
        assertThat(spec.getSource().getSecretRef().getName()).isEqualTo("cdn-credentials");
        assertThat(spec.getSource().getSecretRef().getUsernameKey()).isEqualTo("user");
        assertThat(spec.getSource().getSecretRef().getPassphraseKey()).isNull();
        assertThat(spec.getSource().getOptions())
                .containsEntry("live_start_index", "-3")
                .hasSize(2);
        assertThat(spec.getSource().getOpenTimeoutSec()).isEqualTo(15);
        assertThat(spec.getSource().getReadTimeoutSec()).isEqualTo(20);
        assertThat(spec.getDetectors())
                .containsOnlyKeys(
                        "freeze",
                        "black",
                        "silence",
                        "loudness",
                        "stall",
                        "manifest",
                        "blockiness",
                        "model:logo-missing");
        assertThat(spec.getDetectors().get("manifest").getThresholds()).containsEntry("decodeMaxHeight", 1080.0);
        DetectorSpec freeze = spec.getDetectors().get("freeze");
        assertThat(freeze.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(freeze.getRaiseSec()).isEqualTo(3.0);
        assertThat(freeze.getClearSec()).isEqualTo(0.5);
        assertThat(freeze.getThresholds()).containsEntry("noise", 0.001);
        assertThat(freeze.getEnabled()).as("not defaulted client-side").isNull();
        assertThat(spec.getDetectors().get("blockiness").getEnabled()).isFalse();
        assertThat(spec.getDetectors().get("silence").getThresholds()).containsEntry("levelDb", -60.0);
        assertThat(spec.getDetectors().get("model:logo-missing").getThresholds())
                .containsEntry("score", 0.8);
        assertThat(spec.getNotify().getEvents()).isTrue();
        assertThat(spec.getNotify().getWebhooks()).hasSize(2);
        assertThat(spec.getNotify().getWebhooks().get(0).getSecretRef().getKey())
                .isEqualTo("authorization");
        assertThat(spec.getNotify().getWebhooks().get(1).getSecretRef()).isNull();
        assertThat(spec.getSuspend()).isFalse();
    }

    @Test
    void fullStreamMonitorStatus() {
        StreamMonitorStatus status =
                read("streammonitor-full", StreamMonitor.class).getStatus();
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getHealth()).isEqualTo(Health.DEGRADED);
        assertThat(status.getConditions())
                .extracting("type")
                .containsExactly(
                        Conditions.READY, Conditions.SCHEDULED, Conditions.STREAM_UP, Conditions.DEFECTS_ACTIVE);
        assertThat(status.findCondition(Conditions.READY)).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo(ConditionStatus.TRUE);
            assertThat(c.getReason()).isEqualTo(Conditions.MONITORING);
            assertThat(c.getObservedGeneration()).isEqualTo(3L);
        });
        assertThat(status.findCondition(Conditions.DEFECTS_ACTIVE).orElseThrow().getReason())
                .isEqualTo(Conditions.DEFECTS_OPEN);
        assertThat(status.findCondition("Missing")).isEmpty();
        assertThat(status.getActiveDefectTypes()).isEqualTo("silence");
        assertThat(status.getActiveDefects()).singleElement().satisfies(d -> {
            assertThat(d.getType()).isEqualTo(DefectType.SILENCE.wireName());
            assertThat(d.getSeverity()).isEqualTo(Severity.MAJOR);
            assertThat(d.getDetail()).isEqualTo("-71.5 dBFS");
        });
        assertThat(status.getRecentDefects()).singleElement().satisfies(d -> {
            assertThat(d.getType()).isEqualTo("freeze");
            assertThat(d.getDurationSec()).isEqualTo(4.2);
            assertThat(d.getEndTime()).isEqualTo("2026-11-20T11:02:14Z");
        });
        assertThat(status.getStream().getResolution()).isEqualTo("1920x1080");
        assertThat(status.getStream().getFps()).isEqualTo(50.0);
        assertThat(status.getStream().getSampleRate()).isEqualTo(48000);
        assertThat(status.getStream().getBitrate()).isEqualTo(6_500_000L);
        assertThat(status.getStream().getManifest().getFormat()).isEqualTo("hls");
        assertThat(status.getStream().getManifest().getMediaSequence()).isEqualTo(184_467L);
        assertThat(status.getStream().getManifest().getAgeSec()).isEqualTo(3.2);
        assertThat(status.getAssignments()).hasSize(2);
        assertThat(status.getAssignments().get(1).getDetectors()).containsExactly("model:logo-missing");
        assertThat(status.getWorker()).isEqualTo("general-7d9f-0,gpu-5c4b-1");
    }

    @Test
    void workerPool() {
        WorkerPool wp = read("workerpool", WorkerPool.class);
        WorkerPoolSpec spec = wp.getSpec();
        assertThat(spec.getDetectors()).hasSize(11).startsWith("freeze", "black");
        assertThat(spec.getCapacity()).isEqualTo(8.0);
        assertThat(spec.getMinWorkers()).isEqualTo(1);
        assertThat(spec.getMaxWorkers()).isEqualTo(10);
        WorkerTemplate t = spec.getTemplate();
        assertThat(t.getImagePullPolicy()).isEqualTo(WorkerTemplate.PullPolicy.IF_NOT_PRESENT);
        assertThat(t.getResources().getRequests()).containsEntry("cpu", new Quantity("500m"));
        assertThat(t.getResources().getLimits().get("memory")).isEqualTo(new Quantity("1Gi"));
        assertThat(t.getNodeSelector()).containsEntry("kubernetes.io/arch", "amd64");
        assertThat(t.getTolerations())
                .singleElement()
                .satisfies(tol -> assertThat(tol.getEffect()).isEqualTo("NoSchedule"));
        assertThat(t.getEnv()).hasSize(2);
        assertThat(t.getEnv().get(1).getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
        assertThat(t.getServiceAccountName()).isEqualTo("vigil-worker");
        WorkerPoolStatus status = wp.getStatus();
        assertThat(status.getReadyWorkers()).isEqualTo(3);
        assertThat(status.getCapacityUsed()).isEqualTo(17.5);
        assertThat(status.getCapacityTotal()).isEqualTo(24.0);
        assertThat(status.getMonitorsPlaced()).isEqualTo(9);
        assertThat(status.findCondition(Conditions.SCALED_TO_DEMAND)
                        .orElseThrow()
                        .getReason())
                .isEqualTo(Conditions.SCALED);
    }

    /** Reading and writing a manifest loses nothing and adds nothing (numbers compared by value). */
    @ParameterizedTest
    @FieldSource("VALID")
    void writesBackWhatItRead(Manifest manifest) {
        Class<?> type = StreamMonitor.KIND.equals(manifest.kind()) ? StreamMonitor.class : WorkerPool.class;
        Object model = JSON.unmarshal(manifest.text(), type);
        JsonNode written = JSON.convertValue(model, JsonNode.class);
        assertThat(written.equals(SAME_VALUE, manifest.tree()))
                .as("%s written back:%n%s", manifest.name(), written)
                .isTrue();
    }

    /** Equal, or both numbers (or a number and a quantity string) of the same value. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if ((a.isNumber() || a.isTextual()) && (b.isNumber() || b.isTextual()) && (a.isNumber() || b.isNumber())) {
            try {
                return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText()));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        return 1;
    };

    private static <T> T read(String name, Class<T> type) {
        Manifest m =
                VALID.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
        return JSON.unmarshal(m.text(), type);
    }
}
