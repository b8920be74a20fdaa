package dev.vigil.worker.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.decode.DecodeErrors;
import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.decode.bitstream.PictureQuantiser;
import dev.vigil.worker.media.LumaThumbnail;
import dev.vigil.worker.media.VideoFeatures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * One stream's escalations, fed pictures as the decode thread would: economy while healthy, full decoding while a
 * suspicion lasts and a hold after it, at most maxSec at a time, each taken from (and given back to) the worker's
 * budget.
 */
class EscalationTest {

    private static final Escalation.Settings SETTINGS = new Escalation.Settings(5, 60, 30);
    /** An economy stream of 1 unit costs 0.5; escalating it costs the other 0.5. */
    private static final double UNITS = 1.0;

    private int frame;

    /** A moving picture: each one differs from the last. */
    private VideoFeatures moving(double t) {
        int[] cells = new int[16 * 9];
        Arrays.fill(cells, 16 * (100 + (frame++ % 50)));
        return new VideoFeatures(t, 128, 72, new LumaThumbnail(16, 9, cells), null);
    }

    private static VideoFeatures still(double t) {
        int[] cells = new int[16 * 9];
        Arrays.fill(cells, 16 * 120);
        return new VideoFeatures(t, 128, 72, new LumaThumbnail(16, 9, cells), null);
    }

    private static VideoFeatures black(double t) {
        int[] cells = new int[16 * 9];
        Arrays.fill(cells, 16 * 16);
        return new VideoFeatures(t, 128, 72, new LumaThumbnail(16, 9, cells), null);
    }

    private VideoFeatures damaged(double t) {
        return moving(t).withDecode(new VideoFeatures.DecodeFacts(DecodeErrors.CONCEALMENT, false, 'P', false));
    }

    private static Escalation economy(EscalationBudget budget) {
        Escalation e = new Escalation(DecodeProfile.ECONOMY, true, budget, SETTINGS);
        e.streamUnits(UNITS);
        return e;
    }

    @Test
    void aHealthyStreamStaysInItsProfile() {
        Escalation e = economy(EscalationBudget.unlimited());
        for (int i = 0; i < 250; i++) {
            e.onVideoPacket(false, 1000, PictureQuantiser.UNKNOWN, false, i * 0.12);
            e.onPicture(moving(i * 0.12));
            assertThat(e.wanted()).isEqualTo(DecodeProfile.ECONOMY);
        }
        assertThat(e.state().escalations()).isZero();
    }

    @Test
    void aDecoderErrorEscalatesAtOnceAndTheHoldEndsItAfterTheLastSignal() {
        EscalationBudget budget = new EscalationBudget(10, () -> 0);
        Escalation e = economy(budget);
        e.onPicture(moving(1.0));
        e.onPicture(damaged(1.12));
        assertThat(e.wanted()).isEqualTo(DecodeProfile.FULL);
        assertThat(e.state().reason()).isEqualTo(EscalationReason.DECODE_ERRORS);
        assertThat(budget.escalatedUnits()).isEqualTo(0.5);
        e.onPicture(damaged(3.0)); // the damage goes on: the hold restarts
        e.onPicture(moving(7.9));
        assertThat(e.wanted()).as("5 s after the last signal").isEqualTo(DecodeProfile.FULL);
        e.onPicture(moving(8.0));
        assertThat(e.wanted()).isEqualTo(DecodeProfile.ECONOMY);
        assertThat(budget.escalatedUnits()).isZero();
        assertThat(e.state().escalations()).isEqualTo(1);
    }

    @Test
    void aCorruptPacketEscalatesBeforeAnyPictureShowsIt() {
        Escalation e = economy(EscalationBudget.unlimited());
        e.onVideoPacket(true, 1000, PictureQuantiser.UNKNOWN, false, 2.0);
        assertThat(e.wanted()).isEqualTo(DecodeProfile.FULL);
        assertThat(e.state().reason()).isEqualTo(EscalationReason.TRANSPORT);
    }

    @Test
    void aStillPictureEscalatesAfterHalfASecondAndABlackOneAtOnce() {
        Escalation still = economy(EscalationBudget.unlimited());
        still.onPicture(moving(0.88));
        for (double t = 1.0; t < 1.45; t += 0.12) {
            still.onPicture(still(t));
            assertThat(still.wanted()).as("still for %.2f s", t - 1.0).isEqualTo(DecodeProfile.ECONOMY);
        }
        still.onPicture(still(1.7));
        assertThat(still.state().reason()).isEqualTo(EscalationReason.FREEZE);

        Escalation black = economy(EscalationBudget.unlimited());
        black.onPicture(black(0.5));
        assertThat(black.state().reason()).isEqualTo(EscalationReason.BLACK);
    }

    @Test
    void anEscalationLastsAtMostMaxSecThenTheStreamWaitsOutTheCooldown() {
        EscalationBudget budget = new EscalationBudget(10, () -> 0);
        Escalation e = economy(budget);
        double t = 0;
        for (; t < 60.2; t += 0.12) {
            e.onPicture(black(t));
        }
        assertThat(e.wanted()).as("black for a minute: back to economy").isEqualTo(DecodeProfile.ECONOMY);
        assertThat(budget.escalatedUnits()).isZero();
        for (; t < 89.5; t += 0.12) {
            e.onPicture(black(t));
            assertThat(e.wanted()).as("cooldown at %.1f s", t).isEqualTo(DecodeProfile.ECONOMY);
        }
        for (; t < 91; t += 0.12) {
            e.onPicture(black(t));
        }
        assertThat(e.wanted()).as("after the cooldown").isEqualTo(DecodeProfile.FULL);
        assertThat(e.state().escalations()).isEqualTo(2);
    }

    @Test
    void aRefusedEscalationIsCountedAndTriedAgainASecondLater() {
        // the worker is full: its streams take all 10 units
        EscalationBudget budget = new EscalationBudget(10, () -> 10);
        Escalation e = economy(budget);
        for (double t = 0; t < 2.5; t += 0.12) {
            e.onPicture(black(t));
        }
        assertThat(e.wanted()).isEqualTo(DecodeProfile.ECONOMY);
        assertThat(e.state().refused()).isEqualTo(3); // at 0, 1.08 and 2.16
        assertThat(budget.refused()).isEqualTo(3);
    }

    @Test
    void fullDecodingAndDisabledEscalationNeverEscalate() {
        Escalation full = new Escalation(DecodeProfile.FULL, true, EscalationBudget.unlimited(), SETTINGS);
        Escalation off = new Escalation(DecodeProfile.ECONOMY, false, EscalationBudget.unlimited(), SETTINGS);
        for (Escalation e : new Escalation[] {full, off}) {
            e.onVideoPacket(true, 1000, PictureQuantiser.UNKNOWN, false, 0.5);
            e.onPicture(black(1.0));
            assertThat(e.state().escalations()).isZero();
        }
        assertThat(full.wanted()).isEqualTo(DecodeProfile.FULL);
        assertThat(off.wanted()).isEqualTo(DecodeProfile.ECONOMY);
    }

    @Test
    void aPoolSwitchedToFullEndsAnEscalationAndGivesItsUnitsBack() {
        EscalationBudget budget = new EscalationBudget(10, () -> 0);
        Escalation e = economy(budget);
        e.onPicture(black(1.0));
        assertThat(budget.escalatedStreams()).isEqualTo(1);
        e.useProfile(DecodeProfile.FULL, true);
        e.onVideoPacket(false, 1000, PictureQuantiser.UNKNOWN, false, 1.04);
        assertThat(budget.escalatedStreams()).isZero();
        assertThat(e.state()).isEqualTo(new DecodeState(DecodeProfile.FULL, DecodeProfile.FULL, null, 1, 0, false));
        e.useProfile(DecodeProfile.KEYFRAMES, true);
        e.onVideoPacket(false, 1000, PictureQuantiser.UNKNOWN, false, 1.08);
        assertThat(e.wanted()).isEqualTo(DecodeProfile.KEYFRAMES);
    }

    @Test
    void keyframesEscalatesWhenThePicturesBetweenKeyPicturesShrinkAndEconomyDoesNot() {
        Escalation keyframes = new Escalation(DecodeProfile.KEYFRAMES, true, EscalationBudget.unlimited(), SETTINGS);
        Escalation economy = economy(EscalationBudget.unlimited());
        keyframes.streamUnits(UNITS);
        for (Escalation e : new Escalation[] {keyframes, economy}) {
            for (int i = 0; i < 100; i++) {
                e.onVideoPacket(false, 20_000 + (i % 7) * 1_000, PictureQuantiser.UNKNOWN, i % 25 == 0, i * 0.04);
            }
            for (int i = 100; i < 110; i++) {
                e.onVideoPacket(
                        false, 20, PictureQuantiser.UNKNOWN, false, i * 0.04); // the encoder has nothing left to code
            }
        }
        assertThat(keyframes.state().reason()).isEqualTo(EscalationReason.CODED_SIZE_DROP);
        assertThat(keyframes.wanted()).isEqualTo(DecodeProfile.FULL);
        // economy decodes those pictures: it judges them, not their size
        assertThat(economy.state().escalations()).isZero();
    }

    @Test
    void aStreamWhoseKeyPicturesAreTooFarApartIsReportedAsDecodedInEconomy() {
        Escalation e = new Escalation(DecodeProfile.KEYFRAMES, true, EscalationBudget.unlimited(), SETTINGS);
        e.takeChanged();
        e.sparseKeys(true);
        assertThat(e.takeChanged()).isTrue();
        DecodeState state = e.state();
        assertThat(state.current()).isEqualTo(DecodeProfile.ECONOMY);
        assertThat(state.why()).isEqualTo(DecodeState.SPARSE_KEYS);
        assertThat(e.wanted())
                .as("the decoder maps keyframes to economy itself")
                .isEqualTo(DecodeProfile.KEYFRAMES);
    }

    /** A key picture of a textured scene under fresh grain of about {@code grain} levels per cell. */
    private static VideoFeatures grainyKey(double t, java.util.SplittableRandom random, int grain, int shift) {
        int[] cells = new int[16 * 9];
        for (int i = 0; i < cells.length; i++) {
            int x = i % 16 + shift;
            int texture = 60 + (x * 37 % 11) * 12 + (i / 16) * 9;
            cells[i] = LumaThumbnail.SCALE * texture
                    + random.nextInt(-grain * LumaThumbnail.SCALE, grain * LumaThumbnail.SCALE + 1);
        }
        return new VideoFeatures(t, 128, 72, new LumaThumbnail(16, 9, cells), null)
                .withDecode(new VideoFeatures.DecodeFacts(0, true, 'I', false));
    }

    @Test
    void twoKeyPicturesTheFreezeDetectorWouldSeeStillEscalateEvenUnderGrain() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        Escalation still = new Escalation(DecodeProfile.KEYFRAMES, true, EscalationBudget.unlimited(), SETTINGS);
        Escalation moving = new Escalation(DecodeProfile.KEYFRAMES, true, EscalationBudget.unlimited(), SETTINGS);
        still.streamUnits(UNITS);
        moving.streamUnits(UNITS);
        for (int k = 0; k < 4; k++) {
            // fresh grain of 3 levels moves the thumbnail's mean difference past the key-pair threshold...
            still.onPicture(grainyKey(k * 2.0, random, 3, 0));
            // ...while a picture that moves by a cell between key pictures changes its blocks
            moving.onPicture(grainyKey(k * 2.0, random, 3, k));
        }
        assertThat(still.state().reason()).isEqualTo(EscalationReason.FREEZE);
        assertThat(moving.state().escalations()).isZero();
    }

    @Test
    void aCompanionStillAgainstItsKeyPictureEscalatesAndTheHoldEndsItWhenFullPicturesMove() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        Escalation e = new Escalation(DecodeProfile.KEYFRAMES, true, EscalationBudget.unlimited(), SETTINGS);
        e.streamUnits(UNITS);
        VideoFeatures key = grainyKey(4.0, random, 3, 0);
        e.onPicture(key);
        // the next picture in decoding order, three pictures on: the same scene under fresh grain
        e.onCompanion(key, grainyKey(4.12, random, 3, 0).withDecode(VideoFeatures.DecodeFacts.CLEAN));
        assertThat(e.wanted()).isEqualTo(DecodeProfile.FULL);
        assertThat(e.state().reason()).isEqualTo(EscalationReason.FREEZE);
        // the GOP before it, decoded again in full, and the pictures after it move: back 5 s after the key picture
        for (double t = 2.04; t < 8.96; t += 0.04) {
            e.onVideoPacket(false, 1000, PictureQuantiser.UNKNOWN, false, t);
            e.onPicture(moving(t));
        }
        assertThat(e.wanted()).isEqualTo(DecodeProfile.FULL);
        e.onPicture(moving(9.0));
        assertThat(e.wanted()).isEqualTo(DecodeProfile.KEYFRAMES);
        assertThat(e.state().escalations()).isEqualTo(1);
    }

    @Test
    void aCompanionThatMovedAgainstItsKeyPictureRaisesNothing() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        Escalation e = new Escalation(DecodeProfile.KEYFRAMES, true, EscalationBudget.unlimited(), SETTINGS);
        e.streamUnits(UNITS);
        for (int k = 1; k < 5; k++) {
            VideoFeatures key = grainyKey(k * 2.0, random, 3, k);
            e.onPicture(key);
            e.onCompanion(key, grainyKey(k * 2.0 + 0.12, random, 3, k + 1));
        }
        assertThat(e.state().escalations()).isZero();
    }

    @Test
    void aStillCompanionWhoseFullPicturesStayStillKeepsTheStreamEscalated() {
        Escalation e = new Escalation(DecodeProfile.KEYFRAMES, true, EscalationBudget.unlimited(), SETTINGS);
        e.streamUnits(UNITS);
        e.onPicture(still(4.0));
        e.onCompanion(still(4.0), still(4.12));
        for (double t = 4.16; t < 12.0; t += 0.04) {
            e.onVideoPacket(false, 1000, PictureQuantiser.UNKNOWN, false, t);
            e.onPicture(still(t));
        }
        assertThat(e.wanted())
                .as("the freeze goes on: held by the full pictures' own suspicion")
                .isEqualTo(DecodeProfile.FULL);
    }
}
