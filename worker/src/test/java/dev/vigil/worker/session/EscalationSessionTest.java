package dev.vigil.worker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.catalog.DetectorCatalog;
import dev.vigil.worker.escalation.DecodeState;
import dev.vigil.worker.escalation.EscalationBudget;
import dev.vigil.worker.escalation.EscalationReason;
import dev.vigil.worker.testing.TestMedia;
import dev.vigil.worker.testing.TsEdit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escalation in real sessions on real IBBP encodes: a defect that starts while a stream is in economy is measured on
 * every picture, in full, from the moment it is suspected; and a storm of suspicions on many streams of one worker
 * escalates only as many as its capacity holds, the others going on in economy (where the defects are still found).
 */
@Timeout(300)
class EscalationSessionTest {

    @TempDir
    Path dir;

    static final String[] IBBP = {
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-b:v",
        "1500k",
        "-g",
        "24",
        "-bf",
        "2",
        "-x264-params",
        "b-pyramid=none:scenecut=0:open-gop=0:keyint=24:min-keyint=24",
        "-pix_fmt",
        "yuv420p"
    };

    record Run(List<Defect> defects, List<DecodeState> states, SessionResult result) {
        Defect only(DefectType type) {
            List<Defect> of = defects.stream()
                    .filter(d -> d.type().equals(DetectorName.of(type)))
                    .toList();
            assertThat(of).as("%s in %s", type, defects).hasSize(1);
            return of.get(0);
        }
    }

    static Path clip(String video, double seconds) {
        List<String> args = new ArrayList<>(List.of(
                "-f",
                "lavfi",
                "-i",
                video,
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                Double.toString(seconds),
                "-ac",
                "2"));
        args.addAll(List.of(IBBP));
        args.addAll(List.of("-c:a", "aac", "-f", "mpegts", "OUT"));
        return TestMedia.generateWithX264("ts", args.toArray(String[]::new));
    }

    static Map<DetectorName, DetectorSettings> detectors(DefectType... types) {
        return DetectorCatalog.allDefaults().entrySet().stream()
                .filter(e -> e.getKey().builtIn().map(List.of(types)::contains).orElse(false))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    static Run run(
            Path clip,
            DecodeProfile profile,
            boolean escalate,
            EscalationBudget budget,
            DetectorPool pool,
            Map<DetectorName, DetectorSettings> detectors) {
        List<Defect> defects = new CopyOnWriteArrayList<>();
        List<DecodeState> states = new CopyOnWriteArrayList<>();
        StreamSession s = new StreamSession(
                SessionConfig.of(clip.toString(), detectors).withDecode(profile, escalate),
                pool,
                new SessionListener() {
                    @Override
                    public void onDefectClosed(Defect defect) {
                        defects.add(defect);
                    }

                    @Override
                    public void onDecodeChanged(DecodeState state) {
                        states.add(state);
                    }
                },
                budget);
        s.start();
        return new Run(defects, states, awaitResult(s));
    }

    static SessionResult awaitResult(StreamSession s) {
        try {
            assertThat(s.awaitFinished(Duration.ofSeconds(120))).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(s.result().failed()).as(String.valueOf(s.result().error())).isFalse();
        return s.result();
    }

    @Test
    void damageStartingInEconomyIsMeasuredOnEveryPictureFromTheFirstDamagedOne() {
        // packets of the video lost at 5.0-5.3 s: pictures damaged until the next key picture (at 5.76 s)
        Path clean = clip("testsrc2=size=640x360:rate=25", 14);
        TsEdit edit = TsEdit.read(clean);
        edit.dropRandom(edit.busiestPid(), 5.0, 5.3, 0.1, 11);
        Path lossy = edit.write(dir.resolve("loss.ts"));
        Map<DetectorName, DetectorSettings> corruption = detectors(DefectType.CORRUPTION);
        try (DetectorPool pool = new DetectorPool(1)) {
            Defect full = run(lossy, DecodeProfile.FULL, true, EscalationBudget.unlimited(), pool, corruption)
                    .only(DefectType.CORRUPTION);
            Run escalatedRun = run(lossy, DecodeProfile.ECONOMY, true, EscalationBudget.unlimited(), pool, corruption);
            Defect escalated = escalatedRun.only(DefectType.CORRUPTION);
            Defect economy = run(lossy, DecodeProfile.ECONOMY, false, EscalationBudget.unlimited(), pool, corruption)
                    .only(DefectType.CORRUPTION);

            assertThat(escalated.startSec()).isCloseTo(full.startSec(), within(0.13));
            assertThat(escalated.endSec()).isCloseTo(full.endSec(), within(0.05));
            assertThat(escalated.detail()).containsEntry("decode", "full");
            assertThat(escalated.detail().get("escalation")).isIn("transport", "decodeErrors");
            // every picture of the damage seen, as in full decoding (bar the B-frames before the escalation)
            int fullAffected = (Integer) full.detail().get("affectedPictures");
            assertThat((Integer) escalated.detail().get("affectedPictures")).isBetween(fullAffected - 2, fullAffected);
            assertThat((Integer) economy.detail().get("affectedPictures")).isLessThan(fullAffected / 2);
            assertThat(economy.detail()).containsEntry("decode", "economy").doesNotContainKey("escalation");
            assertThat(escalatedRun.states())
                    .anySatisfy(s -> assertThat(s.current()).isEqualTo(DecodeProfile.FULL))
                    .last()
                    .satisfies(s -> {
                        assertThat(s.current())
                                .as("back in economy after the hold")
                                .isEqualTo(DecodeProfile.ECONOMY);
                        assertThat(s.escalations()).isEqualTo(1);
                    });
        }
    }

    @Test
    void aFreezeStartingInEconomyIsMeasuredInFull() {
        Path frozen =
                clip("testsrc2=size=640x360:rate=25,split[a][b];[a][b]freezeframes=first=100:last=199:replace=99", 16);
        Map<DetectorName, DetectorSettings> freeze = detectors(DefectType.FREEZE);
        try (DetectorPool pool = new DetectorPool(1)) {
            Run full = run(frozen, DecodeProfile.FULL, true, EscalationBudget.unlimited(), pool, freeze);
            Run economy = run(frozen, DecodeProfile.ECONOMY, true, EscalationBudget.unlimited(), pool, freeze);
            Defect f = full.only(DefectType.FREEZE);
            Defect e = economy.only(DefectType.FREEZE);
            assertThat(e.startSec()).isCloseTo(f.startSec(), within(0.13));
            assertThat(e.endSec()).isCloseTo(f.endSec(), within(0.05));
            assertThat(e.detail()).containsEntry("decode", "full").containsEntry("escalation", "freeze");
            // pictures decoded: every picture from the suspicion (half a second in) to the hold after the freeze
            long skipped = full.result().videoFrames() - economy.result().videoFrames();
            assertThat(skipped).as("B-frames skipped outside the escalation").isBetween(100L, 200L);
        }
    }

    @Test
    void aStormOfSuspicionsEscalatesOnlyWhatTheWorkersCapacityHolds() throws Exception {
        // 8 streams of 320x240 at 25 fps (1/12 unit each) that all go black at 2 s; the worker's streams cost 8/24
        // units in economy and it may carry 0.42: room for two escalations (1/24 each) at once
        int streams = 8;
        Path black = clip("testsrc2=size=320x240:rate=25,drawbox=color=black:t=fill:enable='gte(t,2)'", 10);
        double units = 320 * 240 / (1280.0 * 720);
        EscalationBudget budget =
                new EscalationBudget(streams * units * 0.5 + 2.5 * units * 0.5, () -> streams * units * 0.5);
        AtomicInteger escalatedNow = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<List<Defect>> found = new ArrayList<>();
        List<StreamSession> sessions = new ArrayList<>();
        try (DetectorPool pool = new DetectorPool(2)) {
            for (int i = 0; i < streams; i++) {
                List<Defect> defects = new CopyOnWriteArrayList<>();
                found.add(defects);
                boolean[] escalated = {false};
                StreamSession s = new StreamSession(
                        SessionConfig.of(black.toString(), detectors(DefectType.BLACK))
                                .withDecode(DecodeProfile.ECONOMY, true)
                                .withRealTime(true),
                        pool,
                        new SessionListener() {
                            @Override
                            public void onDefectClosed(Defect defect) {
                                defects.add(defect);
                            }

                            @Override
                            public synchronized void onDecodeChanged(DecodeState state) {
                                if (state.escalated() != escalated[0]) {
                                    escalated[0] = state.escalated();
                                    int now = state.escalated()
                                            ? escalatedNow.incrementAndGet()
                                            : escalatedNow.decrementAndGet();
                                    mostAtOnce.accumulateAndGet(now, Math::max);
                                }
                            }
                        },
                        budget);
                sessions.add(s);
                s.start();
            }
            sessions.forEach(EscalationSessionTest::awaitResult);
        }
        assertThat(mostAtOnce.get()).isEqualTo(2);
        assertThat(budget.granted(EscalationReason.BLACK)).isEqualTo(2);
        assertThat(budget.refused())
                .as("the other six tried about once a second")
                .isGreaterThanOrEqualTo(6L * 5);
        assertThat(budget.escalatedStreams()).as("all given back").isZero();
        // every stream still reports its black, escalated or not
        for (List<Defect> defects : found) {
            assertThat(defects).singleElement().satisfies(d -> {
                assertThat(d.type()).isEqualTo(DetectorName.of(DefectType.BLACK));
                assertThat(d.startSec()).isCloseTo(2.0, within(0.13));
            });
        }
    }
}
