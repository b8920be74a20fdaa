package dev.vigil.worker.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.session.DetectorPool;
import dev.vigil.worker.session.SessionConfig;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.SessionResult;
import dev.vigil.worker.session.StreamSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A store that hangs must not hold up decoding: with one capture thread stuck in an upload and room for one more
 * capture, the demo clip is analysed to its end all the same, every defect is reported, and the captures that
 * found no room are dropped, counted and marked lost.
 */
@Timeout(120)
class CaptureFallsBehindTest {

    @Test
    void capturesThatFindNoRoomAreDroppedAndDecodingNeverWaits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        EvidenceStore hanging = new EvidenceStore() {
            @Override
            public void put(String key, byte[] data, String contentType, Map<String, String> metadata) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public String describe() {
                return "a store that does not answer";
            }
        };
        EvidenceSettings settings =
                new EvidenceSettings(5, 5, true, true, 640, 24L << 20, 1000, 0, 1000, 0, 1, 1, 64L << 20);
        EvidenceCapture capture = new EvidenceCapture(hanging, settings);
        EvidenceLedger ledger = new EvidenceLedger(hanging);
        EvidenceRecorder recorder = capture.recorder("behind", EvidenceNaming.forMediaTime(), ledger, Map.of());
        List<Defect> defects = new CopyOnWriteArrayList<>();
        SessionListener listener = new SessionListener() {
            @Override
            public void onDefectOpened(Defect defect) {
                recorder.onDefectOpened(defect);
            }

            @Override
            public void onDefectClosed(Defect defect) {
                defects.add(defect);
            }

            @Override
            public void onFinished(SessionResult result) {
                recorder.onFinished(result);
            }
        };
        try (DetectorPool pool = new DetectorPool(2)) {
            StreamSession session = new StreamSession(
                    SessionConfig.of(EvidenceCaptureTest.DEMO.toString(), EvidenceCaptureTest.detectors()),
                    pool,
                    listener,
                    recorder);
            session.start();
            assertThat(session.awaitFinished(Duration.ofSeconds(60)))
                    .as("decoding finished with the store hanging")
                    .isTrue();
            assertThat(session.result().videoFrames()).isEqualTo(500);
        }
        assertThat(defects).hasSizeGreaterThanOrEqualTo(3);
        // one capture on the thread (hanging), one waiting, the rest dropped
        assertThat(capture.counters().dropped()).isEqualTo(defects.size() - 2);
        long lost = defects.stream()
                .map(ledger::find)
                .filter(r -> r.state() == EvidenceRef.State.LOST)
                .count();
        assertThat(lost).isEqualTo(defects.size() - 2);
        assertThat(defects.stream().map(ledger::find).filter(r -> r.state() == EvidenceRef.State.LOST))
                .allSatisfy(r -> assertThat(r.reason()).contains("capture fell behind"));

        release.countDown();
        assertThat(capture.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(capture.counters().stored()).isEqualTo(2);
        capture.close();
    }
}
