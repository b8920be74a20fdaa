package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.status.Assignment;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.worker.detect.DetectorName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShardPlannerTest {

    @Test
    void theAssignmentsNamingThisWorkerSayWhatRunsWithTheSpecsOverrides() {
        DetectorSpec silence = new DetectorSpec();
        silence.setRaiseSec(5.0);
        silence.setSeverity(Severity.CRITICAL);
        silence.setThresholds(Map.of("levelDb", -50.0));
        StreamMonitor m = monitor(
                Map.of("silence", silence, "black", new DetectorSpec()),
                assignment("video-0", "black"),
                assignment("audio-3", "silence"));

        Shard audio = ShardPlanner.plan(m, "audio-3").orElseThrow();
        assertThat(audio.primary()).isFalse();
        assertThat(audio.ownedDetectors()).containsExactly("silence");
        assertThat(audio.detectors()).containsOnlyKeys(DetectorName.of(DefectType.SILENCE));
        assertThat(audio.detectors().get(DetectorName.of(DefectType.SILENCE)).raiseSec())
                .isEqualTo(5.0);
        assertThat(audio.detectors().get(DetectorName.of(DefectType.SILENCE)).severity())
                .isEqualTo(Severity.CRITICAL);
        assertThat(audio.detectors().get(DetectorName.of(DefectType.SILENCE)).threshold("levelDb"))
                .isEqualTo(-50.0);
        assertThat(audio.invalid()).isNull();

        Shard video = ShardPlanner.plan(m, "video-0").orElseThrow();
        assertThat(video.primary()).isTrue();
        assertThat(video.detectors()).containsOnlyKeys(DetectorName.of(DefectType.BLACK));

        assertThat(ShardPlanner.plan(m, "video-1")).isEmpty();
    }

    @Test
    void suspendedOrUnassignedRunsNothing() {
        StreamMonitor m = monitor(Map.of("black", new DetectorSpec()), assignment("video-0", "black"));
        m.getSpec().setSuspend(true);
        assertThat(ShardPlanner.plan(m, "video-0")).isEmpty();
        assertThat(ShardPlanner.plan(monitor(Map.of("black", new DetectorSpec())), "video-0"))
                .isEmpty();
    }

    @Test
    void anUnknownThresholdOrDetectorMakesTheShardInvalidWithTheReason() {
        DetectorSpec black = new DetectorSpec();
        black.setThresholds(Map.of("nonsense", 1.0));
        Optional<Shard> shard = ShardPlanner.plan(
                monitor(Map.of("black", black), assignment("video-0", "black", "model:logo")), "video-0");
        assertThat(shard).isPresent();
        assertThat(shard.get().invalid())
                .contains("detector 'black': unknown threshold 'nonsense'")
                .contains("detector 'model:logo' is not available in this worker");
    }

    @Test
    void onlySourceAndDetectorChangesNeedARestart() {
        StreamMonitor m = monitor(Map.of("black", new DetectorSpec()), assignment("video-0", "black"));
        Shard before = ShardPlanner.plan(m, "video-0").orElseThrow();
        m.getStatus().getAssignments().add(0, assignment("video-9", "freeze"));
        Shard secondary = ShardPlanner.plan(m, "video-0").orElseThrow();
        assertThat(secondary.primary()).isFalse();
        assertThat(secondary.needsRestartFrom(before))
                .as("who is primary changes only the reporting")
                .isFalse();
        m.getSpec().getSource().setReadTimeoutSec(20);
        assertThat(ShardPlanner.plan(m, "video-0").orElseThrow().needsRestartFrom(before))
                .isTrue();
    }

    private static StreamMonitor monitor(Map<String, DetectorSpec> detectors, Assignment... assignments) {
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(new SourceSpec("srt://origin:9000"));
        detectors.forEach(spec::withDetector);
        StreamMonitor m = new StreamMonitor("ns", "m", spec);
        m.getMetadata().setUid("uid-1");
        StreamMonitorStatus status = new StreamMonitorStatus();
        status.setAssignments(new java.util.ArrayList<>(List.of(assignments)));
        m.setStatus(status);
        return m;
    }

    private static Assignment assignment(String worker, String... detectors) {
        Assignment a = new Assignment();
        a.setPool(worker.substring(0, worker.indexOf('-')));
        a.setWorker(worker);
        a.setDetectors(List.of(detectors));
        return a;
    }
}
