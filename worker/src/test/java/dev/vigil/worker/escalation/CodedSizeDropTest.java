package dev.vigil.worker.escalation;

import static org.assertj.core.api.Assertions.assertThat;

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
            assertThat(drop.onPacket(moving(25_000), i % 24 == 0)).isFalse();
        }
        int suspectedAfter = -1;
        for (int i = 0; i < 20 && suspectedAfter < 0; i++) {
            if (drop.onPacket(18, false)) {
                suspectedAfter = i + 1;
            }
        }
        assertThat(suspectedAfter).isBetween(1, CodedSizeDrop.RECENT);
    }

    @Test
    void aFreezeUnderGrainThatStillCodesToAThirdIsSuspectedAndTheSuspicionLastsWhileItDoes() {
        CodedSizeDrop drop = new CodedSizeDrop();
        for (int i = 0; i < 100; i++) {
            drop.onPacket(moving(4_800), false);
        }
        int suspected = 0;
        for (int i = 0; i < 75; i++) {
            if (drop.onPacket(moving(1_400), false)) {
                suspected++;
            }
        }
        // the usual size does not follow the drop down: the suspicion holds for the whole still stretch
        assertThat(suspected).isGreaterThan(75 - 2 * CodedSizeDrop.RECENT);
        int after = 0;
        for (int i = 0; i < 25; i++) {
            if (drop.onPacket(moving(4_800), false) && i >= CodedSizeDrop.RECENT) {
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
            if (drop.onPacket(size, key)) {
                suspected++;
            }
        }
        assertThat(suspected).isZero();
    }

    @Test
    void nothingIsSuspectedBeforeTheUsualSizeIsKnown() {
        CodedSizeDrop drop = new CodedSizeDrop();
        for (int i = 0; i < CodedSizeDrop.WARM_UP; i++) {
            assertThat(drop.onPacket(i < 10 ? 30_000 : 10, false)).isFalse();
        }
    }

    @Test
    void aLastingStepDownStopsBeingSuspiciousWithinSecondsAndAnEncoderSettlingAtTheStartIsNone() {
        CodedSizeDrop drop = new CodedSizeDrop();
        // an encoder that has just started: large pictures, a dip while its rate control settles, then its level
        for (int i = 0; i < 10; i++) {
            drop.onPacket(moving(200_000), false);
        }
        for (int i = 0; i < 15; i++) {
            drop.onPacket(moving(20_000), false);
        }
        int suspectedEarly = 0;
        for (int i = 0; i < 200; i++) {
            if (drop.onPacket(moving(70_000), false)) {
                suspectedEarly++;
            }
        }
        assertThat(suspectedEarly).isZero();
        // a simpler programme from now on: 35% of the former size
        int lastSuspected = -1;
        for (int i = 0; i < 1_000; i++) {
            if (drop.onPacket(moving(24_500), false)) {
                lastSuspected = i;
            }
        }
        assertThat(lastSuspected).as("suspected at first").isGreaterThanOrEqualTo(0);
        assertThat(lastSuspected).as("no longer after about ten seconds").isLessThan(250);
    }
}
