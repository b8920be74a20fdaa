package dev.vigil.worker.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.worker.config.AnalysisConfig;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.session.DetectorPool;
import dev.vigil.worker.session.SessionConfig;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.StreamSession;
import dev.vigil.worker.testing.DecodedClip;
import dev.vigil.worker.testing.TestMedia;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence of real defects in real media: a session runs on a clip with defects at known times while a recorder
 * keeps its packets; every defect gets a JPEG of the right picture and a clip, remuxed without re-encoding, that
 * plays and holds the seconds around the onset.
 */
@Timeout(120)
class EvidenceCaptureTest {

    static final Path DEMO = Path.of("..", "examples", "media", "demo-defects.ts");

    @Test
    void everyDefectOfTheDemoClipGetsAPictureAndAPlayableClip(@TempDir Path dir) throws Exception {
        Run run = analyse(DEMO, dir, EvidenceSettings.forCommandLine(true));

        assertThat(run.defects).extracting(d -> d.type().wireName()).contains("freeze", "black", "silence");
        for (Defect d : run.defects) {
            EvidenceRef ref = run.ledger.find(d);
            assertThat(ref).as(d.toString()).isNotNull();
            assertThat(ref.state()).as(ref.toString()).isEqualTo(EvidenceRef.State.STORED);
            assertThat(ref.clip()).endsWith(".ts");
            assertThat(ref.clipStartSec())
                    .as("clip starts at the key frame at or before onset - 5 s")
                    .isLessThanOrEqualTo(Math.max(0, d.startSec() - 5) + 0.05)
                    .isGreaterThan(d.startSec() - 5 - 2.1);
            assertThat(ref.clipEndSec()).isCloseTo(Math.min(d.startSec() + 5, 20), within(0.3));
            BufferedImage jpeg = ImageIO.read(dir.resolve(ref.thumbnail()).toFile());
            assertThat(jpeg).as("a decodable JPEG").isNotNull();
            assertThat(jpeg.getWidth()).isEqualTo(640);
            assertThat(jpeg.getHeight()).isEqualTo(360);
        }
        Defect black = only(run.defects, "black");
        Defect freeze = only(run.defects, "freeze");
        assertThat(meanLuma(dir.resolve(run.ledger.find(black).thumbnail())))
                .as("the black picture")
                .isLessThan(24);
        assertThat(meanLuma(dir.resolve(run.ledger.find(freeze).thumbnail())))
                .as("the frozen picture")
                .isGreaterThan(60);

        EvidenceRef blackRef = run.ledger.find(black);
        DecodedClip clip = DecodedClip.of(dir.resolve(blackRef.clip()));
        assertThat(clip.facts().container()).isEqualTo("mpegts");
        assertThat(clip.facts().videoCodec()).isEqualTo("h264");
        assertThat(clip.facts().audioCodec()).isEqualTo("aac");
        assertThat(clip.audioPackets()).isGreaterThan(0);
        assertThat(clip.durationSec()).as("about onset - 5 s .. onset + 5 s").isBetween(9.5, 12.5);
        // black starts in the clip where it starts in the stream, relative to the clip's own start
        assertThat(clip.firstDarkerThan(24)).isCloseTo(black.startSec() - blackRef.clipStartSec(), within(0.1));
        assertThat(run.capture.counters().stored()).isEqualTo(run.defects.size());
        assertThat(run.capture.counters().lost()).isZero();
    }

    @Test
    void codecsMpegTsCannotCarryGoIntoMatroska(@TempDir Path dir) throws Exception {
        Path pcm = TestMedia.generate(
                "mkv",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25,drawbox=color=black:t=fill:enable='between(t,6,9)'",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                "14",
                "-ac",
                "2",
                "-c:v",
                "libopenh264",
                "-g",
                "25",
                "-c:a",
                "pcm_s16le",
                "OUT");
        Run run = analyse(pcm, dir, EvidenceSettings.forCommandLine(true));

        Defect black = only(run.defects, "black");
        EvidenceRef ref = run.ledger.find(black);
        assertThat(ref.state()).isEqualTo(EvidenceRef.State.STORED);
        assertThat(ref.clip()).endsWith(".mkv");
        DecodedClip clip = DecodedClip.of(dir.resolve(ref.clip()));
        assertThat(clip.facts().audioCodec()).startsWith("pcm_s16");
        assertThat(clip.firstDarkerThan(24)).isCloseTo(black.startSec() - ref.clipStartSec(), within(0.1));
    }

    @Test
    void withoutClipsOnlyThumbnailsAreWritten(@TempDir Path dir) throws Exception {
        Run run = analyse(DEMO, dir, EvidenceSettings.forCommandLine(false));

        EvidenceRef ref = run.ledger.find(only(run.defects, "freeze"));
        assertThat(ref.clip()).isNull();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
                    .isNotEmpty()
                    .allMatch(n -> n.endsWith(".jpg"));
        }
    }

    @Test
    void aStreamBudgetLeavesLaterDefectsWithoutEvidence(@TempDir Path dir) throws Exception {
        Run run = analyse(DEMO, dir, EvidenceSettings.forCommandLine(true).withStreamBudget(1, 0));

        assertThat(run.defects.stream().filter(d -> run.ledger.find(d) != null)).hasSize(1);
        assertThat(run.capture.counters().rateLimited()).isEqualTo(run.defects.size() - 1);
        assertThat(run.capture.counters().stored()).isEqualTo(1);
    }

    record Run(List<Defect> defects, EvidenceLedger ledger, EvidenceCapture capture) {}

    static Run analyse(Path media, Path dir, EvidenceSettings settings) throws Exception {
        DirectoryStore store = new DirectoryStore(dir);
        EvidenceCapture capture = new EvidenceCapture(store, settings);
        EvidenceLedger ledger = new EvidenceLedger(store);
        EvidenceRecorder recorder = capture.recorder("test", EvidenceNaming.forMediaTime(), ledger, Map.of());
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
            public void onProgress(double mediaSec) {
                recorder.onProgress(mediaSec);
            }

            @Override
            public void onFinished(dev.vigil.worker.session.SessionResult result) {
                recorder.onFinished(result);
            }
        };
        try (DetectorPool pool = new DetectorPool(2)) {
            StreamSession session =
                    new StreamSession(SessionConfig.of(media.toString(), detectors()), pool, listener, recorder);
            session.start();
            assertThat(session.awaitFinished(Duration.ofSeconds(60))).isTrue();
        }
        assertThat(capture.awaitIdle(Duration.ofSeconds(60))).isTrue();
        capture.close();
        return new Run(List.copyOf(defects), ledger, capture);
    }

    static Map<DetectorName, DetectorSettings> detectors() {
        return AnalysisConfig.defaults().detectors().entrySet().stream()
                .filter(e -> e.getValue().enabled())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    static Defect only(List<Defect> defects, String type) {
        List<Defect> of =
                defects.stream().filter(d -> d.type().wireName().equals(type)).toList();
        assertThat(of).as(type + " in " + defects).hasSize(1);
        return of.get(0);
    }

    /** Mean of the JPEG's luma (Rec. 601 from its RGB), 0..255. */
    static double meanLuma(Path jpeg) throws Exception {
        BufferedImage img = ImageIO.read(jpeg.toFile());
        double sum = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                sum += 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
            }
        }
        return sum / (img.getWidth() * img.getHeight());
    }
}
