package dev.vigil.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.api.v1alpha1.validation.Rules;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The names and small rules of the API that code on both sides relies on. */
class ApiVocabularyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void celRulesKnowEveryDefectType() {
        List<String> inRule = new ArrayList<>();
        Matcher m = Pattern.compile("'([a-z_]+)'").matcher(Rules.BUILT_IN_DETECTORS);
        while (m.find()) {
            inRule.add(m.group(1));
        }
        assertThat(inRule)
                .containsExactlyElementsOf(Arrays.stream(DefectType.values())
                        .map(DefectType::wireName)
                        .toList());
        assertThat(Rules.DETECTOR_KEYS)
                .contains(Rules.BUILT_IN_DETECTORS)
                .contains("'" + Rules.MODEL_PREFIX + "'")
                .contains("<= " + (Rules.MODEL_PREFIX.length() + Rules.MODEL_NAME_MAX));
    }

    @Test
    void enumsUseWireNamesInJson() throws Exception {
        assertThat(JSON.writeValueAsString(Severity.MAJOR)).isEqualTo("\"major\"");
        assertThat(JSON.readValue("\"critical\"", Severity.class)).isEqualTo(Severity.CRITICAL);
        assertThat(JSON.writeValueAsString(DefectType.AV_SYNC)).isEqualTo("\"av_sync\"");
        assertThat(JSON.readValue("\"av_sync\"", DefectType.class)).isEqualTo(DefectType.AV_SYNC);
        assertThat(DefectType.parse("freeze")).isEqualTo(DefectType.FREEZE);
        assertThat(DefectType.parse("manifest")).isEqualTo(DefectType.MANIFEST);
        assertThatThrownBy(() -> Severity.parse("fatal")).hasMessageContaining("minor, major, critical");
        assertThatThrownBy(() -> DefectType.parse("blur")).hasMessageContaining("av_sync");
        assertThat(JSON.writeValueAsString(ConditionStatus.UNKNOWN)).isEqualTo("\"Unknown\"");
    }

    @Test
    void conditionFieldsInKubernetesOrder() {
        Condition c = new Condition(Conditions.READY, ConditionStatus.FALSE, Conditions.STREAM_DOWN, "refused");
        c.setLastTransitionTime("2026-11-20T10:00:00Z");
        c.setObservedGeneration(2L);
        JsonNode tree = JSON.valueToTree(c);
        assertThat(fieldNames(tree))
                .containsExactly("type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
        assertThat(tree.path("status").asText()).isEqualTo("False");
    }

    @Test
    void statusStartsWithObservedGenerationAndConditions() {
        StreamMonitorStatus s = new StreamMonitorStatus();
        s.setWorker("w-0");
        s.setObservedGeneration(1L);
        s.setConditions(List.of(new Condition(Conditions.READY, ConditionStatus.TRUE, Conditions.MONITORING, null)));
        assertThat(fieldNames(JSON.valueToTree(s))).containsExactly("observedGeneration", "conditions", "worker");
    }

    @Test
    void conditionTypesAndReasonsAreCamelCase() throws IllegalAccessException {
        for (Field f : Conditions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                assertThat((String) f.get(null)).as(f.getName()).matches("[A-Z][a-z]+([A-Z][a-z]+)*");
            }
        }
    }

    @Test
    void statusEqualityIsByValue() {
        StreamMonitorStatus a = new StreamMonitorStatus();
        StreamMonitorStatus b = new StreamMonitorStatus();
        a.setObservedGeneration(4L);
        b.setObservedGeneration(4L);
        a.setActiveDefectTypes("freeze");
        b.setActiveDefectTypes("freeze");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        b.setObservedGeneration(5L);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void resourceConstructors() {
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(new SourceSpec("srt://encoder:9000"));
        spec.withDetector("freeze", new DetectorSpec());
        StreamMonitor sm = new StreamMonitor("broadcast", "news", spec);
        assertThat(sm.getApiVersion()).isEqualTo("vigil.dev/v1alpha1");
        assertThat(sm.getKind()).isEqualTo("StreamMonitor");
        assertThat(sm.getMetadata().getNamespace()).isEqualTo("broadcast");
        assertThat(sm.getSpec().getDetectors()).containsOnlyKeys("freeze");
        assertThat(new WorkerPool().getKind()).isEqualTo("WorkerPool");
        assertThat(sm.getPlural()).isEqualTo(StreamMonitor.PLURAL);
    }

    @Test
    void streamUnits() {
        assertThat(StreamUnits.of(1280, 720, 25)).isEqualTo(1.0);
        assertThat(StreamUnits.of(1920, 1080, 25)).isCloseTo(2.25, within(1e-9));
        assertThat(StreamUnits.of(1920, 1080, 50)).isCloseTo(4.5, within(1e-9));
        assertThat(StreamUnits.of(3840, 2160, 50)).isCloseTo(18.0, within(1e-9));
        assertThat(StreamUnits.of(720, 576, 25)).isCloseTo(0.45, within(1e-9));
        assertThatThrownBy(() -> StreamUnits.of(0, 720, 25)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
