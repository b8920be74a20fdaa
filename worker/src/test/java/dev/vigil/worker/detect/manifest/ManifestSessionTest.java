package dev.vigil.worker.detect.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.catalog.DetectorCatalog;
import dev.vigil.worker.report.AnalysisReport;
import dev.vigil.worker.session.DetectorPool;
import dev.vigil.worker.session.SessionConfig;
import dev.vigil.worker.session.StreamSession;
import dev.vigil.worker.testing.LiveLadderOrigin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The manifest detector inside a real session on the live test ladder: the decoder follows the rendition the
 * thresholds choose (not FFmpeg's pick of the whole ladder), the manifest facts reach the listener, and when the
 * packager stops updating, the decoder's stall says the manifest went stale.
 */
class ManifestSessionTest {

    @Test
    void decodeFollowsTheChosenRenditionAndAStallNamesTheStaleManifest() throws Exception {
        DetectorName manifest = DetectorName.of(DefectType.MANIFEST);
        DetectorName stall = DetectorName.of(DefectType.STALL);
        Map<DetectorName, DetectorSettings> detectors = Map.of(
                manifest,
                        DetectorCatalog.defaults(manifest)
                                .withOverrides(
                                        null, null, null, null, Map.of("timeoutSec", 1.5, "decodeMaxHeight", 270.0)),
                stall, DetectorCatalog.defaults(stall));
        AnalysisReport report = new AnalysisReport(d -> {}, t -> {}, f -> {});
        try (LiveLadderOrigin origin = new LiveLadderOrigin();
                DetectorPool pool = new DetectorPool(2)) {
            StreamSession session = new StreamSession(SessionConfig.of(origin.masterUrl(), detectors), pool, report);
            session.start();
            awaitFacts(report);
            Thread.sleep(3000);
            origin.freeze(true);
            Thread.sleep(8000);
            origin.freeze(false);
            Thread.sleep(6000);
            session.stop();
            assertThat(session.awaitFinished(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(report.facts().resolution()).as("decoded rendition").isEqualTo("480x270");
        assertThat(report.manifest().rendition()).isEqualTo("480x270@470000");
        assertThat(report.manifest().renditions()).isEqualTo(3);
        List<Defect> defects = report.defects();
        assertThat(defects)
                .anyMatch(d ->
                        d.type().equals(manifest) && "stale".equals(d.detail().get("check")));
        assertThat(defects)
                .filteredOn(d -> d.type().equals(stall))
                .isNotEmpty()
                .allMatch(d -> "manifest stale".equals(d.detail().get("cause")), "the stall names the stale manifest");
    }

    private static void awaitFacts(AnalysisReport report) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while ((report.facts() == null || report.manifest() == null) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(report.facts()).as("the stream came up").isNotNull();
    }
}
