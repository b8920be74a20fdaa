package dev.vigil.worker.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.api.v1alpha1.status.AvSync;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.RecentDefect;
import dev.vigil.api.v1alpha1.status.StreamInfo;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How one shard's state merges into the status on the resource. */
class WorkerFieldsTest {

    private static final String NOW = "2026-01-01T00:10:00Z";

    @Test
    void aShardReplacesOnlyTheDefectsOfItsOwnDetectors() {
        StreamMonitorStatus read = new StreamMonitorStatus();
        read.setActiveDefects(
                List.of(active("black", "2026-01-01T00:01:00Z"), active("silence", "2026-01-01T00:02:00Z")));
        read.setActiveDefectTypes("black,silence");
        MonitorState video = new MonitorState("ns", "m");
        video.assign(Set.of("black", "freeze"), false);
        video.open(active("freeze", "2026-01-01T00:03:00Z"));

        WorkerFields merged = WorkerFields.merge(read, video.snapshot(), NOW);

        assertThat(merged.activeDefects()).extracting(ActiveDefect::getType).containsExactly("silence", "freeze");
        assertThat(merged.activeDefectTypes()).isEqualTo("freeze,silence");
        assertThat(condition(merged, Conditions.DEFECTS_ACTIVE).getStatus()).isEqualTo(ConditionStatus.TRUE);
        assertThat(condition(merged, Conditions.DEFECTS_ACTIVE).getMessage()).contains("freeze, silence");
    }

    @Test
    void onlyThePrimaryShardWritesStreamUpAndStreamFacts() {
        StreamMonitorStatus read = new StreamMonitorStatus();
        Condition ready = new Condition(Conditions.READY, ConditionStatus.TRUE, Conditions.MONITORING, "ok");
        ready.setLastTransitionTime("2026-01-01T00:00:00Z");
        read.setConditions(new ArrayList<>(List.of(ready)));
        MonitorState secondary = new MonitorState("ns", "m");
        secondary.assign(Set.of("silence"), false);
        secondary.setStreamUp(ConditionStatus.FALSE, Conditions.RECONNECTING, "lost");
        StreamInfo info = new StreamInfo();
        info.setCodec("h264");
        secondary.setStream(info);

        WorkerFields fromSecondary = WorkerFields.merge(read, secondary.snapshot(), NOW);
        assertThat(fromSecondary.conditions())
                .extracting(Condition::getType)
                .containsExactly(Conditions.READY, Conditions.DEFECTS_ACTIVE);
        assertThat(fromSecondary.stream()).isNull();

        MonitorState primary = new MonitorState("ns", "m");
        primary.assign(Set.of("black"), true);
        primary.setStreamUp(ConditionStatus.TRUE, Conditions.CONNECTED, "Receiving h264");
        primary.setStream(info);
        WorkerFields fromPrimary = WorkerFields.merge(read, primary.snapshot(), NOW);
        assertThat(fromPrimary.conditions())
                .extracting(Condition::getType)
                .containsExactly(Conditions.READY, Conditions.STREAM_UP, Conditions.DEFECTS_ACTIVE);
        assertThat(fromPrimary.conditions().get(0))
                .as("the operator's condition is kept as read")
                .isEqualTo(ready);
        assertThat(fromPrimary.stream()).isEqualTo(info);
    }

    @Test
    void theAvSyncFigureIsWrittenByTheShardRunningAvSyncOnly() {
        AvSync measured = new AvSync();
        measured.setState("inTolerance");
        measured.setOffsetMs(40);
        StreamMonitorStatus read = new StreamMonitorStatus();
        read.setAvSync(measured);

        MonitorState primaryWithoutIt = new MonitorState("ns", "m");
        primaryWithoutIt.assign(Set.of("black"), true);
        AvSync stale = new AvSync();
        stale.setState("unknown");
        primaryWithoutIt.setAvSync(stale);
        assertThat(WorkerFields.merge(read, primaryWithoutIt.snapshot(), NOW).avSync())
                .as("kept as read: another worker runs av_sync")
                .isEqualTo(measured);

        MonitorState secondaryWithIt = new MonitorState("ns", "m");
        secondaryWithIt.assign(Set.of("av_sync"), false);
        AvSync late = new AvSync();
        late.setState("outOfTolerance");
        late.setOffsetMs(240);
        secondaryWithIt.setAvSync(late);
        assertThat(WorkerFields.merge(read, secondaryWithIt.snapshot(), NOW).avSync())
                .isEqualTo(late);
    }

    @Test
    void recentDefectsAreTheUnionNewestFirstAndBounded() {
        StreamMonitorStatus read = new StreamMonitorStatus();
        List<RecentDefect> others = new ArrayList<>();
        for (int i = 0; i < StreamMonitorStatus.MAX_RECENT_DEFECTS; i++) {
            others.add(recent(
                    "silence",
                    String.format("2026-01-01T00:00:%02dZ", 2 * i),
                    String.format("2026-01-01T00:00:%02dZ", 2 * i + 1)));
        }
        others.sort((a, b) -> b.getEndTime().compareTo(a.getEndTime()));
        read.setRecentDefects(others);
        MonitorState mine = new MonitorState("ns", "m");
        mine.assign(Set.of("black"), true);
        mine.close("black", recent("black", "2026-01-01T00:05:00Z", "2026-01-01T00:05:03Z"));

        WorkerFields merged = WorkerFields.merge(read, mine.snapshot(), NOW);

        assertThat(merged.recentDefects()).hasSize(StreamMonitorStatus.MAX_RECENT_DEFECTS);
        assertThat(merged.recentDefects().get(0).getType()).isEqualTo("black");
        assertThat(merged.recentDefects())
                .extracting(RecentDefect::getEndTime)
                .isSortedAccordingTo((a, b) -> b.compareTo(a))
                .doesNotContain("2026-01-01T00:00:01Z");
        assertThat(WorkerFields.merge(withRecent(merged.recentDefects()), mine.snapshot(), NOW)
                        .recentDefects())
                .as("merging again changes nothing")
                .isEqualTo(merged.recentDefects());
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItsStatusStays() {
        StreamMonitorStatus read = new StreamMonitorStatus();
        Condition up = new Condition(Conditions.STREAM_UP, ConditionStatus.TRUE, Conditions.CONNECTED, "old message");
        up.setLastTransitionTime("2026-01-01T00:00:00Z");
        read.setConditions(List.of(up));
        MonitorState mine = new MonitorState("ns", "m");
        mine.assign(Set.of("black"), true);
        mine.setStreamUp(ConditionStatus.TRUE, Conditions.CONNECTED, "new message");
        assertThat(condition(WorkerFields.merge(read, mine.snapshot(), NOW), Conditions.STREAM_UP)
                        .getLastTransitionTime())
                .isEqualTo("2026-01-01T00:00:00Z");
        mine.setStreamUp(ConditionStatus.FALSE, Conditions.RECONNECTING, "lost");
        assertThat(condition(WorkerFields.merge(read, mine.snapshot(), NOW), Conditions.STREAM_UP)
                        .getLastTransitionTime())
                .isEqualTo(NOW);
    }

    @Test
    void aReleasedShardRemovesItsDefects() {
        StreamMonitorStatus read = new StreamMonitorStatus();
        read.setActiveDefects(List.of(active("black", "2026-01-01T00:01:00Z")));
        MonitorState mine = new MonitorState("ns", "m");
        mine.assign(Set.of("black"), true);
        mine.open(active("black", "2026-01-01T00:01:00Z"));
        mine.release(null);
        WorkerFields merged = WorkerFields.merge(read, mine.snapshot(), NOW);
        assertThat(merged.activeDefects()).isNull();
        assertThat(merged.activeDefectTypes()).isNull();
        assertThat(condition(merged, Conditions.DEFECTS_ACTIVE).getReason()).isEqualTo(Conditions.NO_DEFECTS);
    }

    @Test
    void aReleasedShardLeavesTheNewOwnersDefects() {
        MonitorState old = new MonitorState("ns", "m");
        old.assign(Set.of("black"), true);
        old.open(active("black", "2026-01-01T00:01:00Z"));
        old.release(null);
        StreamMonitorStatus read = new StreamMonitorStatus();
        // the detector moved to another worker, which already reported a black of its own
        read.setActiveDefects(
                List.of(active("black", "2026-01-01T00:01:00Z"), active("black", "2026-01-01T00:01:07Z")));
        WorkerFields merged = WorkerFields.merge(read, old.snapshot(), NOW);
        assertThat(merged.activeDefects()).extracting(ActiveDefect::getSince).containsExactly("2026-01-01T00:01:07Z");
    }

    private static StreamMonitorStatus withRecent(List<RecentDefect> recent) {
        StreamMonitorStatus s = new StreamMonitorStatus();
        s.setRecentDefects(recent);
        return s;
    }

    private static Condition condition(WorkerFields f, String type) {
        return f.conditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow();
    }

    private static ActiveDefect active(String type, String since) {
        ActiveDefect a = new ActiveDefect();
        a.setType(type);
        a.setSeverity(Severity.MAJOR);
        a.setSince(since);
        return a;
    }

    private static RecentDefect recent(String type, String start, String end) {
        RecentDefect r = new RecentDefect();
        r.setType(type);
        r.setSeverity(Severity.MAJOR);
        r.setStartTime(start);
        r.setEndTime(end);
        r.setDurationSec(1.0);
        return r;
    }
}
