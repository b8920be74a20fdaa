package dev.vigil.worker.escalation;

import dev.vigil.worker.decode.bitstream.PictureQuantiser;
import java.util.Arrays;

/**
 * A suspicion read from packets alone, for streams decoded in keyframes, where the pictures between two key
 * pictures are never seen: when the picture stops changing (a freeze, a black, a still), the encoder has little
 * left to code and the pictures that refer to others shrink, to a few bytes on clean content and to a third or
 * less of their size under grain or moving graphics. Compares the mean size of the last few such packets with the
 * stream's usual size (a slow average, paused while the sizes are low) and suspects a drop below a share of it.
 *
 * <p>A constant-bit-rate encoder keeps every picture near the same size and spends what a still picture leaves
 * over on a finer quantiser: where the picture's QP is known ({@link PictureQuantiser}, H.264), a packet's size
 * counts as the bits it would take at one reference QP ({@link #codedWork}), which drops on a freeze whichever of
 * the two the encoder moves.
 */
final class CodedSizeDrop {

    /** Packets in the recent mean: about a third of a second at 25 pictures per second. */
    static final int RECENT = 8;
    /**
     * Packets seen before the usual size is trusted (two seconds at 25 pictures per second), their plain mean the
     * first usual size: an encoder that has just started settles its rate control over its first second or so.
     */
    static final int WARM_UP = 50;
    /** Weight of each packet in the usual size: about four seconds at 25 pictures per second. */
    static final double USUAL_WEIGHT = 0.01;
    /**
     * Weight while the sizes are low: the usual size follows a lasting step down (a simpler programme, a new rate)
     * over about twenty seconds, so that it stops being suspicious, while a freeze of a few seconds stays one.
     */
    static final double LOW_WEIGHT = 0.002;
    /**
     * A recent mean below this share of the usual size is a drop: a frozen picture under downstream grain or a live
     * ticker still codes to 30% of a moving one, while the sizes of low-motion programmes wander down to about 45%.
     */
    static final double DROP_SHARE = 0.4;
    /** The QP at which {@link #codedWork} counts a packet's bytes as they are. */
    static final int REFERENCE_QP = 26;

    private final double[] recent = new double[RECENT];
    private double recentSum;
    private int count;
    private double usual;
    private int lastQp = PictureQuantiser.UNKNOWN;

    /**
     * @param qp the picture's QP, or {@link PictureQuantiser#UNKNOWN} (then the last one known is taken: a packet
     *     whose header did not parse is not a change of rate control)
     * @return whether the pictures that refer to others shrank far below their usual size
     */
    boolean onPacket(int size, int qp, boolean key) {
        if (qp != PictureQuantiser.UNKNOWN) {
            if (lastQp == PictureQuantiser.UNKNOWN && count > 0) {
                // the first QP known (the parameter sets came with the first key picture): what was counted in
                // bytes until now cannot be compared with coded work, start again
                restart();
            }
            lastQp = qp;
        }
        if (key) {
            return false; // a key picture codes the whole picture whatever happens
        }
        double work = codedWork(size, lastQp);
        int i = count % RECENT;
        recentSum += work - recent[i];
        recent[i] = work;
        count++;
        if (count <= WARM_UP) {
            usual += (work - usual) / count;
            return false;
        }
        boolean drop = recentSum / RECENT < DROP_SHARE * usual;
        usual += (drop ? LOW_WEIGHT : USUAL_WEIGHT) * (work - usual);
        return drop;
    }

    private void restart() {
        Arrays.fill(recent, 0);
        recentSum = 0;
        count = 0;
        usual = 0;
    }

    /**
     * A packet's size as the bytes it would take at {@link #REFERENCE_QP}: each step of 6 in QP doubles the
     * quantiser's step and about halves the bits a picture's detail takes. Its size as it is where the QP is unknown.
     */
    static double codedWork(int size, int qp) {
        return qp == PictureQuantiser.UNKNOWN ? size : size * Math.pow(2, (qp - REFERENCE_QP) / 6.0);
    }
}
