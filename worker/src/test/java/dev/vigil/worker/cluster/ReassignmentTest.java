package dev.vigil.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.spec.DetectorSpec;
import dev.vigil.api.v1alpha1.spec.SourceSpec;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.status.StatusHub;
import dev.vigil.worker.testing.KubeApi;
import dev.vigil.worker.testing.OperatorStandIn;
import dev.vigil.worker.testing.TestMedia;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Assignments moving in and out of one worker on a real API server: sessions start and stop per monitor and the
 * others keep running untouched (same session generation). The sources are UDP ports nobody sends to: each
 * session keeps retrying, which is all this test needs.
 */
@Timeout(180)
class ReassignmentTest {

    private static final String ME = "video-0";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void sessionsFollowAssignmentsWithoutDisturbingOthers() throws Exception {
        KubeApi api = KubeApi.require();
        String ns = api.newNamespace("reassign");
        OperatorStandIn operator = new OperatorStandIn(api.client(), ns);
        WorkerIdentity id =
                new WorkerIdentity(ME, ns, "video", Set.of("black", "freeze", "stall"), 8, Duration.ofSeconds(6));
        for (String m : List.of("m1", "m2", "m3")) {
            operator.create(m, source(), detectors());
            operator.assign(m, "video", Map.of(ME, List.of("black", "freeze")));
        }
        try (KubernetesClient client = WorkerClient.create(api.config());
                WorkerRuntime runtime = new WorkerRuntime(
                        client,
                        id,
                        new SimpleMeterRegistry(),
                        List.of(),
                        StatusHub.Settings.DEFAULTS,
                        Clock.systemUTC())) {
            runtime.start();
            SessionManager sessions = runtime.sessions();
            await().atMost(WAIT)
                    .until(() -> sessions.running().keySet().equals(Set.of(ns + "/m1", ns + "/m2", ns + "/m3")));
            await().atMost(WAIT)
                    .until(() ->
                            condition(operator.get("m1"), Conditions.STREAM_UP).isPresent());
            long g1 = generation(sessions, ns, "m1");
            long g3 = generation(sessions, ns, "m3");

            // moved away: m2 goes to another worker
            operator.assign("m2", "video", Map.of("video-1", List.of("black", "freeze")));
            await().atMost(WAIT).until(() -> !sessions.running().containsKey(ns + "/m2"));

            // moved in: a new monitor
            operator.create("m4", source(), detectors());
            operator.assign("m4", "video", Map.of(ME, List.of("black")));
            await().atMost(WAIT).until(() -> sessions.running().containsKey(ns + "/m4"));
            assertThat(generation(sessions, ns, "m1")).as("m1 undisturbed").isEqualTo(g1);
            assertThat(generation(sessions, ns, "m3")).as("m3 undisturbed").isEqualTo(g3);

            // a threshold edit is applied live: m1's session restarts with it, nobody else's
            operator.editSpec("m1", spec -> spec.getDetectors().get("black").setRaiseSec(7.5));
            await().atMost(WAIT)
                    .until(() -> sessions.running().containsKey(ns + "/m1")
                            && sessions.running()
                                            .get(ns + "/m1")
                                            .shard()
                                            .detectors()
                                            .get(DetectorName.of(DefectType.BLACK))
                                            .raiseSec()
                                    == 7.5);
            assertThat(generation(sessions, ns, "m1")).isGreaterThan(g1);
            assertThat(sessions.running().get(ns + "/m1").session()).isNotNull();
            assertThat(generation(sessions, ns, "m3")).as("m3 undisturbed").isEqualTo(g3);

            // a detector added to the assignment: applied the same way
            long g4 = generation(sessions, ns, "m4");
            operator.assign("m4", "video", Map.of(ME, List.of("black", "freeze")));
            await().atMost(WAIT).until(() -> generation(sessions, ns, "m4") > g4);
            assertThat(sessions.running().get(ns + "/m4").shard().detectors())
                    .containsOnlyKeys(DetectorName.of(DefectType.BLACK), DetectorName.of(DefectType.FREEZE));

            // suspended: the session stops and StreamUp says why
            operator.editSpec("m3", spec -> spec.setSuspend(true));
            await().atMost(WAIT).until(() -> !sessions.running().containsKey(ns + "/m3"));
            await().atMost(WAIT)
                    .until(() -> condition(operator.get("m3"), Conditions.STREAM_UP)
                            .map(c -> Conditions.SUSPENDED.equals(c.getReason()))
                            .orElse(false));

            // deleted: stops
            operator.delete("m1");
            await().atMost(WAIT).until(() -> !sessions.running().containsKey(ns + "/m1"));
            assertThat(sessions.running().keySet()).containsExactly(ns + "/m4");
            assertThat(generation(sessions, ns, "m4")).isGreaterThan(g4);
        }
    }

    private static long generation(SessionManager sessions, String ns, String name) {
        SessionManager.Running r = sessions.running().get(ns + "/" + name);
        return r == null ? -1 : r.generation();
    }

    private static Optional<Condition> condition(StreamMonitor m, String type) {
        return m == null || m.getStatus() == null
                ? Optional.empty()
                : m.getStatus().findCondition(type);
    }

    private static SourceSpec source() {
        return new SourceSpec("udp://127.0.0.1:" + TestMedia.freeUdpPort());
    }

    private static Map<String, DetectorSpec> detectors() {
        Map<String, DetectorSpec> d = new LinkedHashMap<>();
        d.put("black", new DetectorSpec());
        d.put("freeze", new DetectorSpec());
        return d;
    }
}
