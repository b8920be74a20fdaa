package dev.vigil.worker.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.RecentDefect;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.testing.KubeApi;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A defect storm: 50 monitors on one worker, every one flapping freeze and black open/closed thousands of times a
 * second between them, fed straight into the status listeners (no decoders needed). The status writes must stay
 * within the worker's token bucket, and every monitor's final status on the real API server must be exact.
 */
@Timeout(180)
class StatusStormTest {

    private static final int MONITORS = 50;
    private static final double RATE = 10;
    private static final int BURST = 20;

    @Test
    void writesStayWithinTheBudgetAndTheFinalStatusIsExact() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("storm");
        for (int i = 0; i < MONITORS; i++) {
            StreamMonitorSpec spec = new StreamMonitorSpec();
            spec.setSource(new SourceSpec("udp://127.0.0.1:1234"));
            api.client().resource(new StreamMonitor(ns, "m" + i, spec)).create();
        }
        SharedIndexInformer<StreamMonitor> informer =
                api.client().resources(StreamMonitor.class).inNamespace(ns).inform();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MonitorStatusWriter writer = new MonitorStatusWriter(
                api.client(), key -> informer.getStore().getByKey(key), Clock.systemUTC(), StatusHub.counter(registry));
        long created = System.nanoTime();
        StatusHub hub = new StatusHub(
                writer, new StatusHub.Settings(Duration.ofSeconds(5), RATE, BURST), Clock.systemUTC(), registry);
        hub.start();
        List<StatusListener> listeners = new ArrayList<>();
        for (int i = 0; i < MONITORS; i++) {
            MonitorState state = hub.state(ns, "m" + i);
            state.assign(Set.of("freeze", "black"), true);
            listeners.add(hub.listener(state, s -> s));
        }

        ExecutorService threads = Executors.newFixedThreadPool(5);
        long stormEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        long[] events = new long[5];
        for (int t = 0; t < 5; t++) {
            int lane = t;
            threads.execute(() -> {
                double media = 0;
                while (System.nanoTime() < stormEnds) {
                    for (int i = lane; i < MONITORS; i += 5) {
                        StatusListener l = listeners.get(i);
                        DefectType type = (events[lane] & 1) == 0 ? DefectType.FREEZE : DefectType.BLACK;
                        l.onDefectOpened(defect(type, media, Double.NaN));
                        l.onDefectClosed(defect(type, media, media + 0.5));
                        events[lane] += 2;
                    }
                    media += 1;
                }
                // the end of the storm: even monitors are left with a freeze open, odd ones with nothing open
                for (int i = lane; i < MONITORS; i += 5) {
                    if (i % 2 == 0) {
                        listeners.get(i).onDefectOpened(defect(DefectType.FREEZE, media, Double.NaN));
                    }
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        long totalEvents = events[0] + events[1] + events[2] + events[3] + events[4];

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> allFinal(api, ns));
        double elapsedSec = (System.nanoTime() - created) / 1e9;
        double ok = registry.counter("vigil.status.writes", "result", "ok").count();
        double throttled = registry.counter("vigil.status.writes.throttled").count();
        System.out.printf(
                "storm: %d defect events, %.0f status writes in %.1f s, %.0f throttled%n",
                totalEvents, ok, elapsedSec, throttled);
        assertThat(totalEvents).isGreaterThan(10_000);
        assertThat(ok).as("writes within burst + rate x time").isLessThanOrEqualTo(BURST + RATE * elapsedSec + 1);
        assertThat(ok).as("every monitor written at least once").isGreaterThanOrEqualTo(MONITORS);
        assertThat(throttled).as("the budget was what held the writes back").isPositive();
        assertThat(registry.counter("vigil.status.writes", "result", "error").count())
                .isZero();

        // once settled, nothing more is written: unchanged status is never written
        double settled = ok;
        Thread.sleep(1500);
        assertThat(hub.pending()).isZero();
        assertThat(registry.counter("vigil.status.writes", "result", "ok").count())
                .isEqualTo(settled);
        hub.close();
        informer.close();
    }

    private static boolean allFinal(KubeApi api, String ns) {
        for (int i = 0; i < MONITORS; i++) {
            StreamMonitor m = api.client()
                    .resources(StreamMonitor.class)
                    .inNamespace(ns)
                    .withName("m" + i)
                    .get();
            StreamMonitorStatus s = m.getStatus();
            if (s == null) {
                return false;
            }
            String expected = i % 2 == 0 ? "freeze" : null;
            if (!java.util.Objects.equals(expected, s.getActiveDefectTypes())) {
                return false;
            }
            ConditionStatus defectsActive = s.findCondition(Conditions.DEFECTS_ACTIVE)
                    .map(c -> c.getStatus())
                    .orElse(null);
            if (defectsActive != (i % 2 == 0 ? ConditionStatus.TRUE : ConditionStatus.FALSE)) {
                return false;
            }
            List<RecentDefect> recent = s.getRecentDefects();
            assertThat(recent).isNotEmpty().hasSizeLessThanOrEqualTo(StreamMonitorStatus.MAX_RECENT_DEFECTS);
            assertThat(recent).extracting(RecentDefect::getEndTime).isSortedAccordingTo((a, b) -> b.compareTo(a));
        }
        return true;
    }

    private static Defect defect(DefectType type, double start, double end) {
        return new Defect(DetectorName.of(type), start, end, Severity.MAJOR, Map.of("meanDifference", 0.0001), false);
    }
}
