package dev.vigil.worker.detect.ml;

import static dev.vigil.worker.testing.CliRun.vigil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.media.LumaImage;
import dev.vigil.worker.media.LumaSampling;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model detectors end to end through {@code vigil analyze}: a bring-your-own model (a brightness "model" whose
 * answer is known) raising {@code model:<name>} defects at the right times, a broken model reported while the
 * other detectors run, and samples dropped rather than queued without bound when the model falls behind.
 */
@Timeout(180)
class OnnxDetectorTest {

    @TempDir
    Path tmp;

    /** 320x180 H.264: bright (white) 0–3 s, then dark testsrc-free black 3–6 s, then white again 6–8 s. */
    static Path brightDarkClip() {
        return TestMedia.generate(
                "mkv",
                "-f",
                "lavfi",
                "-i",
                "color=c=white:s=320x180:r=25:d=8,drawbox=color=black:t=fill:enable='between(t,3,5.98)'",
                "-c:v",
                "libopenh264",
                "-b:v",
                "500k",
                "-g",
                "25",
                "OUT");
    }

    @Test
    void aBroughtModelRaisesItsDefectsThroughTheGate() throws Exception {
        Path contract = tmp.resolve("bright.yaml");
        Files.writeString(
                contract, "input: {mean: 0, std: 255}\noutput: {threshold: 0.5}\nraiseSec: 0.5\nclearSec: 0.5\n");

        CliRun run = vigil(
                "analyze",
                "--format",
                "jsonl",
                "--detectors",
                "model:bright,black",
                "--model",
                "bright=" + ModelRegistryTest.BRIGHTNESS,
                "--model-contract",
                "bright=" + contract,
                brightDarkClip().toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        List<JsonNode> bright = run.defects("model:bright");
        assertThat(bright).as(run.toString()).hasSize(2);
        // sampled twice a second: the reported edges are the first/last samples that showed the condition
        assertThat(bright.get(0).get("startSec").asDouble()).isCloseTo(0.0, within(0.6));
        assertThat(bright.get(0).get("endSec").asDouble()).isCloseTo(3.0, within(0.6));
        assertThat(bright.get(1).get("startSec").asDouble()).isCloseTo(6.0, within(0.6));
        assertThat(bright.get(0).at("/detail/droppedSamples").asLong()).isZero();
        assertThat(run.defects("black")).as(run.toString()).hasSize(1);
    }

    @Test
    void onlyTheBuiltInTemporalModelAsksForThePreviousFrame() {
        DefectSink ignore = new DefectSink() {
            @Override
            public void opened(Defect defect) {}

            @Override
            public void closed(Defect defect) {}
        };
        ModelRuntime builtIn = ModelRegistry.shared()
                .lookup(CorruptionModel.NAME)
                .orElseThrow()
                .runtime();
        try (ModelRegistry own = new ModelRegistry(InferenceSettings.DEFAULTS)) {
            ModelRuntime brought = own.register(
                            new ModelSpec("bright", ModelRegistryTest.BRIGHTNESS, ModelContract.DEFAULTS, 1, 1))
                    .runtime();

            LumaSampling temporal =
                    new OnnxDetector(builtIn, OnnxDetector.defaults(builtIn.contract(), 1, 1), ignore).lumaSampling();
            LumaSampling single =
                    new OnnxDetector(brought, OnnxDetector.defaults(brought.contract(), 1, 1), ignore).lumaSampling();

            assertThat(temporal).isEqualTo(new LumaSampling(256, 144, OnnxDetector.DEFAULT_SAMPLES_PER_SEC, true));
            assertThat(single).isEqualTo(new LumaSampling(64, 32, OnnxDetector.DEFAULT_SAMPLES_PER_SEC, false));
        }
    }

    @Test
    void theBuiltInModelRunsOnFramePairsThroughAnalyzeAndLeavesACleanClipAlone() {
        CliRun run = vigil(
                "analyze",
                "--format",
                "jsonl",
                "--detectors",
                "model:corruption,black",
                brightDarkClip().toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.defects("black")).as("the clip was analysed").hasSize(1);
        assertThat(run.defects("model:corruption")).as(run.toString()).isEmpty();
        assertThat(run.toString()).doesNotContain("inference failed");
    }

    @Test
    void aBrokenModelIsReportedAndTheOtherDetectorsRun() throws Exception {
        Path junk = tmp.resolve("junk.onnx");
        Files.write(junk, new byte[] {8, 7, 1, 2, 3});

        CliRun run = vigil(
                "analyze",
                "--detectors",
                "model:junk,black",
                "--model",
                "junk=" + junk,
                brightDarkClip().toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).as(run.toString()).containsPattern("detectorFailed\\s+model:junk cannot be loaded: ");
        assertThat(run.out()).as(run.toString()).containsPattern("\\n  black\\s+3\\.0");
    }

    @Test
    void aModelWithTheWrongInputShapeIsReportedWithItsShape() {
        CliRun run = vigil(
                "analyze",
                "--detectors",
                "model:colour,black",
                "--model",
                "colour=" + ModelRegistryTest.RGB,
                brightDarkClip().toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).as(run.toString()).contains("model:colour input 'luma' has shape [-1, 3, 32, 64]");
        assertThat(run.out()).as(run.toString()).containsPattern("\\n  black\\s+3\\.0");
    }

    @Test
    void anUnknownModelInDetectorsIsAUsageError() {
        CliRun run =
                vigil("analyze", "--detectors", "model:nope", brightDarkClip().toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown detector 'model:nope'");
    }

    @Test
    void samplesAreDroppedWhenTheModelFallsBehind() throws Exception {
        InferenceSettings small = new InferenceSettings(1, 0, 2, 1, false);
        try (ModelRuntime m = ModelRuntime.load(
                "slow", Files.readAllBytes(ModelRegistryTest.BRIGHTNESS), ModelContract.DEFAULTS, small)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch busy = new CountDownLatch(1);
            LumaImage img = ModelRegistryTest.flat(200);
            // the first listener holds the inference thread, as a slow model would
            m.submit(img, new ModelRuntime.ScoreListener() {
                @Override
                public void scored(double score) {
                    busy.countDown();
                    await(release);
                }

                @Override
                public void failed(String message) {
                    busy.countDown();
                }
            });
            assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();
            CountDownLatch scored = new CountDownLatch(2);
            ModelRuntime.ScoreListener count = new ModelRuntime.ScoreListener() {
                @Override
                public void scored(double score) {
                    scored.countDown();
                }

                @Override
                public void failed(String message) {}
            };
            assertThat(m.submit(img, count)).isTrue();
            assertThat(m.submit(img, count)).isTrue();
            assertThat(m.submit(img, count)).as("queue of 2 is full").isFalse();
            assertThat(m.dropped()).isEqualTo(1);
            release.countDown();
            assertThat(scored.await(30, TimeUnit.SECONDS))
                    .as("queued samples are scored once the model catches up")
                    .isTrue();
        }
    }

    @Test
    void samplesWaitingTogetherRunAsOneBatch() throws Exception {
        InferenceSettings batching = new InferenceSettings(16, 0, 64, 1, false);
        try (ModelRuntime m = ModelRuntime.load(
                "batch", Files.readAllBytes(ModelRegistryTest.BRIGHTNESS), ModelContract.DEFAULTS, batching)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch busy = new CountDownLatch(1);
            m.submit(ModelRegistryTest.flat(0), new ModelRuntime.ScoreListener() {
                @Override
                public void scored(double score) {
                    busy.countDown();
                    await(release);
                }

                @Override
                public void failed(String message) {
                    busy.countDown();
                }
            });
            assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();
            // five streams' samples arrive while the model is busy: they go through together, each with its own score
            double[] scores = new double[5];
            CountDownLatch done = new CountDownLatch(5);
            for (int i = 0; i < 5; i++) {
                int stream = i;
                m.submit(ModelRegistryTest.flat(51 * i), new ModelRuntime.ScoreListener() {
                    @Override
                    public void scored(double score) {
                        scores[stream] = score;
                        done.countDown();
                    }

                    @Override
                    public void failed(String message) {}
                });
            }
            release.countDown();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(m.batches())
                    .as("one batch for the first sample, one for the five")
                    .isEqualTo(2);
            assertThat(scores).containsExactly(new double[] {0, 0.2, 0.4, 0.6, 0.8}, within(1e-5));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
