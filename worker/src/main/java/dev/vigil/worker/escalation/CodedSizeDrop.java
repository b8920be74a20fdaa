package dev.vigil.worker.escalation;

/**
 * A suspicion read from packet sizes alone, for streams decoded in keyframes, where the pictures between two key
 * pictures are never seen: when the picture stops changing (a freeze, a black, a still), the encoder has little
 * left to code and the pictures that refer to others shrink, to a few bytes on clean content and to a third or
 * less of their size under grain or moving graphics. Compares the mean size of the last few such packets with the
 * stream's usual size (a slow average, paused while the sizes are low) and suspects a drop below a share of it.
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

    private final int[] recent = new int[RECENT];
    private long recentSum;
    private int count;
    private double usual;

    /** @return whether the pictures that refer to others shrank far below their usual size */
    boolean onPacket(int size, boolean key) {
        if (key) {
            return false; // a key picture codes the whole picture whatever happens
        }
        int i = count % RECENT;
        recentSum += size - recent[i];
        recent[i] = size;
        count++;
        if (count <= WARM_UP) {
            usual += (size - usual) / count;
            return false;
        }
        boolean drop = recentSum / (double) RECENT < DROP_SHARE * usual;
        usual += (drop ? LOW_WEIGHT : USUAL_WEIGHT) * (size - usual);
        return drop;
    }
}
