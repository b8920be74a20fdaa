package dev.vigil.operator.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.StreamInfo;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which monitor updates start a scheduling pass, which a status step, and which nothing. */
class MonitorChangeTest {

    @Test
    void aSpecChangeOrADeletionIsScheduled() {
        StreamMonitor before = reported(true, "receiving", false, "1280x720", 4_000_000L);
        StreamMonitor after = reported(true, "receiving", false, "1280x720", 4_000_000L);
        after.getMetadata().setGeneration(2L);
        assertThat(MonitorChange.mattersToScheduling(before, after)).isTrue();

        StreamMonitor deleting = reported(true, "receiving", false, "1280x720", 4_000_000L);
        deleting.getMetadata().setDeletionTimestamp("2030-01-01T00:00:00Z");
        assertThat(MonitorChange.mattersToScheduling(before, deleting)).isTrue();
    }

    @Test
    void aStreamFormatCountsOnlyWhenItChangesTheCost() {
        StreamMonitor hd = reported(true, "receiving", false, "1280x720", 4_000_000L);
        // bit rate moves every few seconds: not scheduling input, not readiness either
        StreamMonitor otherBitrate = reported(true, "receiving", false, "1280x720", 4_500_000L);
        assertThat(MonitorChange.mattersToScheduling(hd, otherBitrate)).isFalse();
        assertThat(MonitorChange.mattersToReadiness(hd, otherBitrate)).isFalse();
        // 1080p25 costs 2.25 units instead of 1
        StreamMonitor fullHd = reported(true, "receiving", false, "1920x1080", 4_000_000L);
        assertThat(MonitorChange.mattersToScheduling(hd, fullHd)).isTrue();
    }

    @Test
    void streamUpAndDefectsActiveMatterToReadinessOnly() {
        StreamMonitor up = reported(true, "receiving", false, "1280x720", 4_000_000L);
        StreamMonitor down = reported(false, "connection refused", false, "1280x720", 4_000_000L);
        StreamMonitor downOtherwise = reported(false, "timed out", false, "1280x720", 4_000_000L);
        StreamMonitor defects = reported(true, "receiving", true, "1280x720", 4_000_000L);
        for (StreamMonitor after : List.of(down, defects)) {
            assertThat(MonitorChange.mattersToReadiness(up, after)).isTrue();
            assertThat(MonitorChange.mattersToScheduling(up, after)).isFalse();
        }
        // Ready carries StreamUp's message while the stream is down
        assertThat(MonitorChange.mattersToReadiness(down, downOtherwise)).isTrue();
    }

    @Test
    void anotherListOfOpenDefectsChangesNothingTheOperatorWrites() {
        StreamMonitor black = reported(true, "receiving", true, "1280x720", 4_000_000L);
        StreamMonitor blackAndSilence = reported(true, "receiving", true, "1280x720", 4_000_000L);
        blackAndSilence
                .getStatus()
                .findCondition(Conditions.DEFECTS_ACTIVE)
                .orElseThrow()
                .setMessage("Open defects: black, silence.");
        assertThat(MonitorChange.mattersToReadiness(black, blackAndSilence)).isFalse();
        assertThat(MonitorChange.mattersToScheduling(black, blackAndSilence)).isFalse();
    }

    private static StreamMonitor reported(
            boolean up, String message, boolean defects, String resolution, long bitrate) {
        StreamMonitor sm = TestResources.monitor("ns", "m", "freeze");
        sm.getMetadata().setGeneration(1L);
        StreamMonitorStatus status = new StreamMonitorStatus();
        List<Condition> conditions = new ArrayList<>();
        conditions.add(new Condition(
                Conditions.STREAM_UP,
                ConditionStatus.of(up),
                up ? Conditions.CONNECTED : Conditions.CONNECT_FAILED,
                message));
        conditions.add(new Condition(
                Conditions.DEFECTS_ACTIVE,
                ConditionStatus.of(defects),
                defects ? Conditions.DEFECTS_OPEN : Conditions.NO_DEFECTS,
                defects ? "Open defects: black." : "No open defects."));
        status.setConditions(conditions);
        StreamInfo stream = new StreamInfo();
        stream.setCodec("h264");
        stream.setResolution(resolution);
        stream.setFps(25.0);
        stream.setBitrate(bitrate);
        status.setStream(stream);
        sm.setStatus(status);
        return sm;
    }
}
