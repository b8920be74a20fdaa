package dev.vigil.worker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.catalog.DetectorCatalog;
import dev.vigil.worker.testing.TestMedia;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many streams in one process: each session reports its own defects only, through one shared pool. */
@Timeout(120)
class ConcurrentSessionsTest {

    @Test
    void sessionsSharingOnePoolKeepTheirOwnDefects() throws Exception {
        int streams = 6;
        List<Path> clips = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            double from = 2 + i; // each clip goes silent at a different time
            clips.add(TestMedia.generate(
                    "mkv",
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=320x240:rate=25",
                    "-f",
                    "lavfi",
                    "-i",
                    String.format(
                            Locale.ROOT,
                            "sine=frequency=440:sample_rate=48000,volume=0.5,volume=volume=0:enable='between(t,%.1f,%.1f)'",
                            from,
                            from + 3),
                    "-t",
                    "12",
                    "-ac",
                    "2",
                    "-c:v",
                    "libopenh264",
                    "-b:v",
                    "400k",
                    "-c:a",
                    "pcm_s16le",
                    "OUT"));
        }
        List<List<Defect>> found = new ArrayList<>();
        List<StreamSession> sessions = new ArrayList<>();
        try (DetectorPool pool = new DetectorPool(2)) {
            for (Path clip : clips) {
                List<Defect> defects = new CopyOnWriteArrayList<>();
                found.add(defects);
                SessionListener listener = new SessionListener() {
                    @Override
                    public void onDefectClosed(Defect defect) {
                        defects.add(defect);
                    }
                };
                StreamSession s = new StreamSession(
                        SessionConfig.of(clip.toString(), DetectorCatalog.allDefaults()), pool, listener);
                sessions.add(s);
                s.start();
            }
            for (StreamSession s : sessions) {
                assertThat(s.awaitFinished(Duration.ofSeconds(90))).isTrue();
                assertThat(s.result().failed())
                        .as(String.valueOf(s.result().error()))
                        .isFalse();
                assertThat(s.result().videoFrames()).isEqualTo(300);
            }
        }
        for (int i = 0; i < streams; i++) {
            List<Defect> silences = found.get(i).stream()
                    .filter(d -> d.type().equals(DetectorName.of(DefectType.SILENCE)))
                    .toList();
            assertThat(silences).as("stream %d: %s", i, found.get(i)).hasSize(1);
            assertThat(silences.get(0).startSec()).isCloseTo(2.0 + i, within(0.5));
            assertThat(silences.get(0).endSec()).isCloseTo(5.0 + i, within(0.5));
        }
    }

    @Test
    void stoppingOneSessionLeavesTheOthersRunning() throws Exception {
        Path clip = TestMedia.generate(
                "mkv",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                "12",
                "-c:v",
                "libopenh264",
                "-b:v",
                "400k",
                "-c:a",
                "pcm_s16le",
                "OUT");
        try (DetectorPool pool = new DetectorPool(2)) {
            // a live-like endless source is not needed: stop the first one right away
            StreamSession stopped = new StreamSession(
                    SessionConfig.of(clip.toString(), DetectorCatalog.allDefaults()), pool, new SessionListener() {});
            StreamSession kept = new StreamSession(
                    SessionConfig.of(clip.toString(), DetectorCatalog.allDefaults()), pool, new SessionListener() {});
            stopped.start();
            kept.start();
            stopped.stop();
            assertThat(stopped.awaitFinished(Duration.ofSeconds(5))).isTrue();
            assertThat(kept.awaitFinished(Duration.ofSeconds(60))).isTrue();
            assertThat(kept.result().videoFrames()).isEqualTo(300);
            assertThat(stopped.result().videoFrames()).isLessThan(300);
        }
    }
}
