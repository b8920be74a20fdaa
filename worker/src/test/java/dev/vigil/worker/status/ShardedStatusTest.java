package dev.vigil.worker.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.RecentDefect;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.source.StreamFacts;
import dev.vigil.worker.testing.KubeApi;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three writers on one monitor's status at once, on a real API server: two workers running one shard each
 * (video: freeze, primary; audio: silence) and the operator rewriting its Ready condition. None may clobber
 * another: at the end every writer's last word is there.
 */
@Timeout(120)
class ShardedStatusTest {

    @Test
    void concurrentShardsAndTheOperatorKeepEachOthersFields() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("shards");
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(new SourceSpec("srt://origin:9000"));
        api.client().resource(new StreamMonitor(ns, "m", spec)).create();

        Shard video = new Shard(api, ns, Set.of("freeze"), true);
        Shard audio = new Shard(api, ns, Set.of("silence"), false);
        AtomicBoolean storming = new AtomicBoolean(true);
        AtomicInteger operatorWrites = new AtomicInteger();
        Thread operator = new Thread(() -> {
            while (storming.get()) {
                writeReady(api, ns, "Monitoring-" + operatorWrites.incrementAndGet());
            }
        });
        operator.start();
        video.listener.onStreamUp(facts());
        audio.listener.onStreamUp(facts());
        long ends = System.nanoTime() + 4_000_000_000L;
        double t = 0;
        while (System.nanoTime() < ends) {
            video.flap(DefectType.FREEZE, t);
            audio.flap(DefectType.SILENCE, t);
            t += 1;
            Thread.sleep(5);
        }
        // last words: video has a freeze open, audio has nothing open
        video.listener.onDefectOpened(
                new Defect(DetectorName.of(DefectType.FREEZE), t, Double.NaN, Severity.MAJOR, Map.of(), false));
        storming.set(false);
        operator.join();
        String lastReady = "Monitoring-" + operatorWrites.get();

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            StreamMonitorStatus s = api.client()
                    .resources(StreamMonitor.class)
                    .inNamespace(ns)
                    .withName("m")
                    .get()
                    .getStatus();
            return "freeze".equals(s.getActiveDefectTypes())
                    && s.findCondition(Conditions.READY)
                            .map(c -> lastReady.equals(c.getMessage()))
                            .orElse(false)
                    && s.getRecentDefects() != null
                    && s.getRecentDefects().stream()
                                    .map(RecentDefect::getType)
                                    .distinct()
                                    .count()
                            == 2;
        });
        StreamMonitorStatus s = api.client()
                .resources(StreamMonitor.class)
                .inNamespace(ns)
                .withName("m")
                .get()
                .getStatus();
        assertThat(s.getConditions())
                .extracting(Condition::getType)
                .containsExactlyInAnyOrder(Conditions.READY, Conditions.STREAM_UP, Conditions.DEFECTS_ACTIVE);
        assertThat(s.findCondition(Conditions.STREAM_UP).get().getStatus()).isEqualTo(ConditionStatus.TRUE);
        assertThat(s.findCondition(Conditions.DEFECTS_ACTIVE).get().getMessage())
                .contains("freeze");
        assertThat(s.getStream().getResolution()).isEqualTo("1280x720");
        double conflicts = video.registry
                        .counter("vigil.status.writes", "result", "conflict")
                        .count()
                + audio.registry
                        .counter("vigil.status.writes", "result", "conflict")
                        .count();
        System.out.printf(
                "sharded: %d operator writes, %.0f + %.0f worker writes, %.0f conflicts resolved%n",
                operatorWrites.get(),
                video.registry.counter("vigil.status.writes", "result", "ok").count(),
                audio.registry.counter("vigil.status.writes", "result", "ok").count(),
                conflicts);
        video.close();
        audio.close();
    }

    /**
     * Only the secondary shard loses the stream: StreamUp stays the primary's (True), and the secondary's detectors
     * show as active entries saying they are not running, until its stream is back; they leave no recent entry.
     */
    @Test
    void aSecondaryShardThatCannotReadTheStreamShowsItsDetectorsNotRunning() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("blind");
        StreamMonitorSpec spec = new StreamMonitorSpec();
        spec.setSource(new SourceSpec("srt://origin:9000"));
        api.client().resource(new StreamMonitor(ns, "m", spec)).create();
        Shard video = new Shard(api, ns, Set.of("freeze"), true);
        Shard audio = new Shard(api, ns, Set.of("silence", "clipping"), false);
        video.listener.onStreamUp(facts());
        audio.listener.onStreamUp(facts());
        await().atMost(Duration.ofSeconds(30)).until(() -> streamUp(api, ns) == ConditionStatus.TRUE);

        audio.listener.onStreamEvent(new dev.vigil.worker.session.StreamEvent(
                0, "streamDown", "Connection refused by srt://origin:9000", Map.of()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "clipping,silence".equals(status(api, ns).getActiveDefectTypes()));
        StreamMonitorStatus down = status(api, ns);
        assertThat(down.getActiveDefects())
                .allSatisfy(d -> assertThat(d.getDetail())
                        .startsWith("not running: this shard's worker cannot read the stream"));
        assertThat(down.findCondition(Conditions.STREAM_UP).get().getStatus()).isEqualTo(ConditionStatus.TRUE);
        assertThat(down.findCondition(Conditions.DEFECTS_ACTIVE).get().getStatus())
                .isEqualTo(ConditionStatus.TRUE);

        audio.listener.onStreamUp(facts());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status(api, ns).getActiveDefectTypes() == null
                        || status(api, ns).getActiveDefectTypes().isEmpty());
        StreamMonitorStatus back = status(api, ns);
        assertThat(back.getRecentDefects()).isNullOrEmpty();
        assertThat(back.findCondition(Conditions.DEFECTS_ACTIVE).get().getStatus())
                .isEqualTo(ConditionStatus.FALSE);
        video.close();
        audio.close();
    }

    private static StreamMonitorStatus status(KubeApi api, String ns) {
        return api.client()
                .resources(StreamMonitor.class)
                .inNamespace(ns)
                .withName("m")
                .get()
                .getStatus();
    }

    private static ConditionStatus streamUp(KubeApi api, String ns) {
        StreamMonitorStatus s = status(api, ns);
        return s == null
                ? null
                : s.findCondition(Conditions.STREAM_UP)
                        .map(Condition::getStatus)
                        .orElse(null);
    }

    /** The operator's kind of write: its condition replaced, the rest as read, with the resourceVersion read. */
    private static void writeReady(KubeApi api, String ns, String message) {
        for (int attempt = 0; attempt < 50; attempt++) {
            StreamMonitor m = api.client()
                    .resources(StreamMonitor.class)
                    .inNamespace(ns)
                    .withName("m")
                    .get();
            StreamMonitorStatus s = m.getStatus() == null ? new StreamMonitorStatus() : m.getStatus();
            List<Condition> conditions = new ArrayList<>(s.getConditions() == null ? List.of() : s.getConditions());
            conditions.removeIf(c -> Conditions.READY.equals(c.getType()));
            conditions.add(0, new Condition(Conditions.READY, ConditionStatus.TRUE, Conditions.MONITORING, message));
            s.setConditions(conditions);
            m.setStatus(s);
            try {
                api.client().resource(m).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    private static StreamFacts facts() {
        return new StreamFacts("mpegts", "h264", 1280, 720, 25, "yuv420p", "aac", 48000, 2, "stereo", 0, 0);
    }

    private static final class Shard {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final SharedIndexInformer<StreamMonitor> informer;
        final StatusHub hub;
        final StatusListener listener;

        Shard(KubeApi api, String ns, Set<String> detectors, boolean primary) {
            informer =
                    api.client().resources(StreamMonitor.class).inNamespace(ns).inform();
            MonitorStatusWriter writer = new MonitorStatusWriter(
                    api.client(),
                    key -> informer.getStore().getByKey(key),
                    Clock.systemUTC(),
                    StatusHub.counter(registry));
            hub = new StatusHub(writer, StatusHub.Settings.DEFAULTS, Clock.systemUTC(), registry);
            hub.start();
            MonitorState state = hub.state(ns, "m");
            state.assign(detectors, primary);
            listener = hub.listener(state, text -> text);
        }

        void flap(DefectType type, double t) {
            listener.onDefectOpened(new Defect(DetectorName.of(type), t, Double.NaN, Severity.MAJOR, Map.of(), false));
            listener.onDefectClosed(new Defect(DetectorName.of(type), t, t + 0.5, Severity.MAJOR, Map.of(), false));
        }

        void close() {
            hub.close();
            informer.close();
        }
    }
}
