package dev.vigil.worker.detect.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.sync.AvSyncMeasurement.Method;
import dev.vigil.worker.session.StreamEvent;
import dev.vigil.worker.testing.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The av_sync detector end to end on real encoded media (H.264 + AAC in MPEG-TS, made by the bundled ffmpeg) with
 * known offsets: FFmpeg's flash-and-beep test signal, an edited programme whose cuts change picture and sound, content
 * with nothing to pair, offsets put into the timestamps instead of the content, drift and steps. Sign convention
 * throughout: offset = audio minus video, positive when the sound is late. The table of true against measured
 * offsets in docs/detectors.md is what these runs print.
 */
@Timeout(300)
class AvSyncMediaTest {

    /** The measured bias on these clips is about 1 ms; a frame is 40 ms. */
    private static final double WITHIN_MS = 10;

    private static final List<String> TABLE = new ArrayList<>();

    @AfterAll
    static void printTable() {
        System.out.println(
                "| media | true offset (ms) | measured (ms) | method | confidence | drift (ms/min) | defect |");
        System.out.println("|---|---|---|---|---|---|---|");
        TABLE.forEach(System.out::println);
    }

    private static void row(String media, String truth, SyncRun run) {
        AvSyncMeasurement m = run.last();
        TABLE.add(String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s |",
                media,
                truth,
                m.isKnown() ? String.format(Locale.ROOT, "%+.0f", m.offsetMs()) : "unknown",
                m.isKnown() ? m.method().wireName() : "—",
                m.isKnown() ? String.format(Locale.ROOT, "%.2f", m.confidence()) : "—",
                Double.isNaN(m.driftMsPerMin()) ? "—" : String.format(Locale.ROOT, "%+.1f", m.driftMsPerMin()),
                run.defects().isEmpty()
                        ? "no"
                        : "yes (" + run.defects().get(0).detail().get("sound") + ")"));
    }

    private static boolean outside(double offsetMs) {
        return !SyncTolerance.BT1359_ACCEPTABLE.within(offsetMs);
    }

    @ParameterizedTest(name = "flash and beep, sound {0} ms")
    @ValueSource(ints = {-300, -200, -120, -60, 0, 60, 120, 170, 200, 300})
    void flashAndBeepIsMeasuredWithinAFrameAndFlaggedOnlyOutsideTolerance(int offsetMs) {
        SyncRun run = SyncRun.of(SyncClips.flashAndBeep(offsetMs, 30, 2));
        row("flash + beep (avsynctest), content shifted", String.format(Locale.ROOT, "%+d", offsetMs), run);
        AvSyncMeasurement last = run.last();
        assertThat(last.method()).as(run.toString()).isEqualTo(Method.CONTENT);
        assertThat(last.offsetMs()).as(run.toString()).isCloseTo(offsetMs, within(WITHIN_MS));
        assertThat(last.confidence()).isGreaterThan(0.9);
        if (outside(offsetMs)) {
            assertThat(run.defects()).as(run.toString()).hasSize(1);
            Defect d = run.defects().get(0);
            assertThat(((Number) d.detail().get("offsetMs")).doubleValue()).isCloseTo(offsetMs, within(WITHIN_MS));
            assertThat(d.detail())
                    .containsEntry("method", "content")
                    .containsEntry("sound", offsetMs > 0 ? "late" : "early")
                    .containsKey("confidence");
            assertThat(d.startSec()).as("found within the first 15 s").isLessThan(15);
        } else {
            assertThat(run.defects())
                    .as("in tolerance is a stream fact, not a defect: " + run)
                    .isEmpty();
            assertThat(last.state()).isEqualTo(AvSyncMeasurement.State.IN_TOLERANCE);
        }
    }

    @ParameterizedTest(name = "edited programme, sound {0} ms")
    @ValueSource(ints = {-200, 0, 250})
    void editedProgrammeWithCutsAndMatchingSound(int offsetMs) {
        SyncRun run = SyncRun.of(SyncClips.editedProgramme(offsetMs));
        row(
                "edited programme (cuts change picture and sound), content shifted",
                String.format(Locale.ROOT, "%+d", offsetMs),
                run);
        List<Double> content = run.contentOffsets();
        assertThat(content)
                .as(run.toString())
                .isNotEmpty()
                .allSatisfy(o -> assertThat(o).isCloseTo(offsetMs, within(WITHIN_MS)));
        assertThat(run.defects()).as(run.toString()).hasSize(outside(offsetMs) ? 1 : 0);
    }

    @Test
    void soundFromAnotherEditIsNeverPairedWithThePicture() {
        SyncRun run = SyncRun.of(SyncClips.editedProgramme(0, true));
        row("the same pictures with the sound of another edit", "unrelated", run);
        assertThat(run.contentOffsets()).as(run.toString()).isEmpty();
        assertThat(run.defects()).isEmpty();
    }

    @Test
    void nothingToPairIsUnknownNotAGuess() {
        SyncRun run = SyncRun.of(SyncClips.featureless(40));
        row("moving test picture, steady tone", "0 (nothing to pair)", run);
        assertThat(run.contentOffsets()).as(run.toString()).isEmpty();
        assertThat(run.last().method()).as("the timestamps alone").isEqualTo(Method.TIMESTAMPS);
        assertThat(run.last().offsetMs()).as("AAC priming, 1024 samples").isCloseTo(-21.3, within(1.0));
        assertThat(run.defects()).isEmpty();
    }

    @Test
    void timestampShiftedMuxIsSeenByBothPathsAContentShiftedOneOnlyByTheContent() {
        SyncRun muxed = SyncRun.of(SyncClips.timestampShifted(SyncClips.flashAndBeep(0, 30, 2), 200));
        row(
                "flash + beep, audio track moved +200 ms by the muxer (-itsoffset)",
                "+221 (+200 and the 21 ms AAC priming the remux moves too)",
                muxed);
        AvSyncMeasurement firstTimestamps = muxed.measurements().stream()
                .filter(m -> m.method() == Method.TIMESTAMPS)
                .findFirst()
                .orElseThrow();
        assertThat(firstTimestamps.offsetMs()).as(muxed.toString()).isCloseTo(200, within(1.0));
        assertThat(muxed.last().method()).isEqualTo(Method.CONTENT);
        assertThat(muxed.last().offsetMs()).isCloseTo(221.3, within(WITHIN_MS));
        assertThat(muxed.defects()).hasSize(1);

        SyncRun baked = SyncRun.of(SyncClips.flashAndBeep(200, 30, 2));
        AvSyncMeasurement bakedTimestamps = baked.measurements().stream()
                .filter(m -> m.method() == Method.TIMESTAMPS)
                .findFirst()
                .orElseThrow();
        assertThat(bakedTimestamps.offsetMs())
                .as("the timestamps cannot see it")
                .isCloseTo(-21.3, within(1.0));
        assertThat(baked.last().offsetMs()).as("the content can").isCloseTo(200, within(WITHIN_MS));
    }

    @Test
    void timestampShiftWithNothingToPairIsFlaggedByTheTimestamps() {
        SyncRun run = SyncRun.of(SyncClips.timestampShifted(SyncClips.featureless(40), 300));
        row("moving test picture, steady tone, audio moved +300 ms by the muxer", "+300", run);
        assertThat(run.defects()).as(run.toString()).hasSize(1);
        Defect d = run.defects().get(0);
        assertThat(d.detail()).containsEntry("method", "timestamps").containsEntry("sound", "late");
        assertThat(((Number) d.detail().get("offsetMs")).doubleValue()).isCloseTo(300, within(2.0));
        assertThat(d.startSec())
                .as("timestamps are read from the first packets")
                .isLessThan(3);
    }

    @Test
    void audioRunningSlowIsMeasuredAsDrift() {
        SyncRun run = SyncRun.of(SyncClips.drifting(400, 180));
        row("flash + beep, audio resampled 400 ppm slow (180 s)", "0 → +72 (drift +24.0 ms/min)", run);
        AvSyncMeasurement last = run.last();
        assertThat(last.method()).as(run.toString()).isEqualTo(Method.CONTENT);
        assertThat(last.driftMsPerMin()).as(run.toString()).isCloseTo(24.0, within(2.0));
        assertThat(last.offsetMs()).as("the offset grew from 0").isBetween(50.0, 75.0);
        assertThat(run.defects()).as("still within tolerance").isEmpty();
    }

    @Test
    void audioTimestampsAtAnotherRateAreMeasuredAsDriftByTheTimestamps() {
        SyncRun run = SyncRun.of(SyncClips.timestampDrift(SyncClips.featureless(120), 400));
        row(
                "moving test picture, steady tone, audio timestamps stretched 400 ppm (120 s)",
                "−21 → +27 (drift +24.0 ms/min)",
                run);
        AvSyncMeasurement last = run.last();
        assertThat(last.method()).as(run.toString()).isEqualTo(Method.TIMESTAMPS);
        assertThat(last.driftMsPerMin()).as(run.toString()).isCloseTo(24.0, within(0.5));
        assertThat(last.offsetMs()).isCloseTo(-21.3 + 48, within(3.0));
    }

    @Test
    void aStepInTheAudioTimestampsIsAnEventAndMovesTheOffset() {
        SyncRun run = SyncRun.of(SyncClips.timestampStep(SyncClips.featureless(40), 15, -150));
        row("moving test picture, steady tone, audio timestamps step −150 ms at 15 s", "−21 → −171", run);
        List<StreamEvent> steps = run.events().stream()
                .filter(e -> e.kind() == StreamEvent.Kind.AV_SYNC_STEP)
                .toList();
        assertThat(steps).as(run.toString()).hasSize(1);
        assertThat(((Number) steps.get(0).detail().get("jumpMs")).doubleValue()).isCloseTo(-150, within(1.0));
        assertThat(steps.get(0).atSec()).isBetween(14.0, 19.0);
        assertThat(run.defects()).hasSize(1);
        assertThat(run.defects().get(0).detail())
                .containsEntry("method", "timestamps")
                .containsEntry("sound", "early");
        assertThat(run.defects().get(0).startSec()).isBetween(15.0, 20.0);

        SyncRun flash = SyncRun.of(SyncClips.timestampStep(SyncClips.flashAndBeep(0, 40, 2), 15, 200));
        row("flash + beep, audio timestamps step +200 ms at 15 s", "0 → +200", flash);
        assertThat(flash.events()).anyMatch(e -> e.kind() == StreamEvent.Kind.AV_SYNC_STEP);
        assertThat(flash.last().offsetMs()).as(flash.toString()).isCloseTo(200, within(WITHIN_MS));
        assertThat(flash.defects()).hasSize(1);
    }

    @Test
    void ebuR37IsATighterProfile() {
        Path clip = SyncClips.flashAndBeep(80, 30, 2);
        SyncRun bt1359 = SyncRun.of(clip);
        row("flash + beep, default tolerance (ITU-R BT.1359)", "+80", bt1359);
        assertThat(bt1359.defects()).as("+80 ms is acceptable by ITU-R BT.1359").isEmpty();
        SyncRun r37 = SyncRun.of(
                clip.toString(), s -> s.withThreshold("soundEarlyMs", 40).withThreshold("soundLateMs", 60));
        row("flash + beep, EBU R37 tolerance", "+80", r37);
        assertThat(r37.defects()).as("but not by EBU R37 (+40/-60): " + r37).hasSize(1);
        assertThat(r37.last().tolerance()).isEqualTo(SyncTolerance.EBU_R37);
    }

    @Test
    void aStreamWithoutVideoLeavesItIdleSaidOnce() {
        Path soundOnly = dev.vigil.worker.testing.TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000:beep_factor=4",
                "-t",
                "10",
                "-c:a",
                "aac",
                "-f",
                "mpegts",
                "OUT");
        SyncRun run = SyncRun.of(soundOnly);
        assertThat(run.events())
                .as(run.toString())
                .filteredOn(e -> e.kind() == StreamEvent.Kind.DETECTOR_IDLE)
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("av_sync").contains("no video"));
        assertThat(run.measurements()).isEmpty();
        assertThat(run.defects()).isEmpty();
    }

    @Test
    void analyzeReportsTheOffsetAndTheDefect() {
        Path clip = SyncClips.flashAndBeep(200, 30, 2);
        CliRun text = CliRun.vigil("analyze", clip.toString());
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(ExitCodes.OK);
        assertThat(text.out())
                .as(text.toString())
                .containsPattern("a/v sync \\+19\\d ms \\(sound late\\), out of tolerance "
                        + "\\(-90\\.\\.\\+185 ms\\), by content")
                .containsPattern("av_sync .* offsetMs=19\\d confidence=1\\.0 method=content sound=late");
        CliRun jsonl = CliRun.vigil("analyze", "--format", "jsonl", "--detectors", "av_sync", clip.toString());
        JsonNode d = jsonl.defects("av_sync").get(0);
        assertThat(d.at("/detail/offsetMs").asInt()).isBetween(190, 210);
        assertThat(d.at("/detail/method").asText()).isEqualTo("content");
        assertThat(d.at("/detail/confidence").asDouble()).isGreaterThan(0.9);
    }
}
