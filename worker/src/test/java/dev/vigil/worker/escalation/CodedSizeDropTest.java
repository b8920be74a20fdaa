package dev.vigil.worker.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.decode.bitstream.PictureQuantiser;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CodedSizeDropTest {

    private final SplittableRandom random = new SplittableRandom(7);

    /** Sizes of a moving picture: around {@code mean}, up and down by half of it. */
    private int moving(int mean) {
        return mean / 2 + random.nextInt(mean);
    }

    @Test
    void aPictureThatStopsChangingIsSuspectedWithinAThirdOfASecond() {
        CodedSizeDrop drop = new CodedSizeDrop();
        for (int i = 0; i < 100; i++) {
            assertThat(drop.onPacket(moving(25_000), PictureQuantiser.UNKNOWN, i % 24 == 0))
                    .isFalse();
        }
        int suspectedAfter = -1;
        for (int i = 0; i < 20 && suspectedAfter < 0; i++) {
            if (drop.onPacket(18, PictureQuantiser.UNKNOWN, false)) {
                suspectedAfter = i + 1;
            }
        }
        assertThat(suspectedAfter).isBetween(1, CodedSizeDrop.RECENT);
    }

    @Test
    void aFreezeUnderGrainThatStillCodesToAThirdIsSuspectedAndTheSuspicionLastsWhileItDoes() {
        CodedSizeDrop drop = new CodedSizeDrop();
        for (int i = 0; i < 100; i++) {
            drop.onPacket(moving(4_800), PictureQuantiser.UNKNOWN, false);
        }
        int suspected = 0;
        for (int i = 0; i < 75; i++) {
            if (drop.onPacket(moving(1_400), PictureQuantiser.UNKNOWN, false)) {
                suspected++;
            }
        }
        // the usual size does not follow the drop down: the suspicion holds for the whole still stretch
        assertThat(suspected).isGreaterThan(75 - 2 * CodedSizeDrop.RECENT);
        int after = 0;
        for (int i = 0; i < 25; i++) {
            if (drop.onPacket(moving(4_800), PictureQuantiser.UNKNOWN, false) && i >= CodedSizeDrop.RECENT) {
                after++;
            }
        }
        assertThat(after).as("moving again").isZero();
    }

    @Test
    void lowMotionProgrammesWanderingInSizeAndKeyPicturesAreNoSuspicion() {
        CodedSizeDrop drop = new CodedSizeDrop();
        int suspected = 0;
        for (int i = 0; i < 2_500; i++) {
            // a quiet studio shot: small pictures whose size drifts slowly between 60% and 140% of its mean
            double drift = 1 + 0.4 * Math.sin(i / 40.0);
            boolean key = i % 50 == 0;
            int size = key ? 40_000 : (int) (moving(300) * drift);
            if (drop.onPacket(size, PictureQuantiser.UNKNOWN, key)) {
                suspected++;
            }
        }
        assertThat(suspected).isZero();
    }

    @Test
    void nothingIsSuspectedBeforeTheUsualSizeIsKnown() {
        CodedSizeDrop drop = new CodedSizeDrop();
        for (int i = 0; i < CodedSizeDrop.WARM_UP; i++) {
            assertThat(drop.onPacket(i < 10 ? 30_000 : 10, PictureQuantiser.UNKNOWN, false))
                    .isFalse();
        }
    }

    @Test
    void aLastingStepDownStopsBeingSuspiciousWithinSecondsAndAnEncoderSettlingAtTheStartIsNone() {
        CodedSizeDrop drop = new CodedSizeDrop();
        // an encoder that has just started: large pictures, a dip while its rate control settles, then its level
        for (int i = 0; i < 10; i++) {
            drop.onPacket(moving(200_000), PictureQuantiser.UNKNOWN, false);
        }
        for (int i = 0; i < 15; i++) {
            drop.onPacket(moving(20_000), PictureQuantiser.UNKNOWN, false);
        }
        int suspectedEarly = 0;
        for (int i = 0; i < 200; i++) {
            if (drop.onPacket(moving(70_000), PictureQuantiser.UNKNOWN, false)) {
                suspectedEarly++;
            }
        }
        assertThat(suspectedEarly).isZero();
        // a simpler programme from now on: 35% of the former size
        int lastSuspected = -1;
        for (int i = 0; i < 1_000; i++) {
            if (drop.onPacket(moving(24_500), PictureQuantiser.UNKNOWN, false)) {
                lastSuspected = i;
            }
        }
        assertThat(lastSuspected).as("suspected at first").isGreaterThanOrEqualTo(0);
        assertThat(lastSuspected).as("no longer after about ten seconds").isLessThan(250);
    }

    @Test
    void aConstantBitRateEncodeThatHoldsTheSizeAndLowersItsQuantiserOnAFreezeIsSuspected() {
        // the encoder's rate control: every picture near 12 kB; still content leaves it bits for a finer quantiser
        CodedSizeDrop drop = new CodedSizeDrop();
        for (int i = 0; i < 200; i++) {
            assertThat(drop.onPacket(12_000 + random.nextInt(1_000), 30 + random.nextInt(2), i % 50 == 0))
                    .isFalse();
        }
        int suspectedAfter = -1;
        for (int i = 0; i < 25 && suspectedAfter < 0; i++) {
            int qp = Math.max(12, 30 - 2 * i); // the rate control walks down to its floor over a few pictures
            if (drop.onPacket(12_000 + random.nextInt(1_000), qp, false)) {
                suspectedAfter = i + 1;
            }
        }
        assertThat(suspectedAfter).isBetween(1, 20);
        // by its size alone the same freeze is invisible
        CodedSizeDrop sizeOnly = new CodedSizeDrop();
        for (int i = 0; i < 300; i++) {
            assertThat(sizeOnly.onPacket(12_000 + random.nextInt(1_000), PictureQuantiser.UNKNOWN, i % 50 == 0))
                    .isFalse();
        }
    }

    @Test
    void picturesCodedAtTheirOwnQuantisersByTypeOrLayerAreNotADrop() {
        // measured on an openh264 encode: after each key picture, pictures at QP 35 of 7.8 kB, then QP 30 of 12.5 kB
        CodedSizeDrop drop = new CodedSizeDrop();
        for (int i = 0; i < 1_000; i++) {
            int inGop = i % 17;
            boolean coarse = inGop >= 1 && inGop <= 8;
            int size = (coarse ? 7_800 : 12_500) + random.nextInt(600) - 300;
            assertThat(drop.onPacket(inGop == 0 ? 45_000 : size, inGop == 0 ? 28 : coarse ? 35 : 30, inGop == 0))
                    .isFalse();
        }
    }

    @Test
    void aPacketWhoseQuantiserIsUnknownCountsAtTheLastOneKnown() {
        CodedSizeDrop drop = new CodedSizeDrop();
        for (int i = 0; i < 300; i++) {
            // every third header unreadable (damage); QP 40 pictures of 2 kB are 16 kB at the reference QP
            int qp = i % 3 == 0 ? PictureQuantiser.UNKNOWN : 40;
            assertThat(drop.onPacket(2_000 + random.nextInt(200), qp, false)).isFalse();
        }
        assertThat(CodedSizeDrop.codedWork(2_000, 38)).isEqualTo(8_000, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(CodedSizeDrop.codedWork(2_000, PictureQuantiser.UNKNOWN)).isEqualTo(2_000);
    }

    @Test
    void sizesCountedBeforeTheFirstQuantiserIsKnownAreNotComparedWithCodedWork() {
        // a live stream joined between key pictures: its parameter sets, and so its QPs, come with the first key
        // picture; before it, pictures of 12 kB at (unknown) QP 14, after it the same pictures known as QP 14
        CodedSizeDrop drop = new CodedSizeDrop();
        for (int i = 0; i < 40; i++) {
            assertThat(drop.onPacket(12_000 + random.nextInt(1_000), PictureQuantiser.UNKNOWN, false))
                    .isFalse();
        }
        for (int i = 0; i < 500; i++) {
            assertThat(drop.onPacket(12_000 + random.nextInt(1_000), 14, i % 50 == 0))
                    .as("packet %d after the first QP", i)
                    .isFalse();
        }
    }
}
