package dev.vigil.tools.ml.data;

/** How a clip's damaged copy is made. */
public enum Damage {
    /** Real bitstream errors: FFmpeg's {@code noise} bitstream filter flips bytes in some packets; the
     *  decoder conceals what it cannot decode, and inter-coded frames carry the damage until the next key frame. */
    BITSTREAM,
    /** The same content re-encoded at the coarsest quantiser: macroblocking. */
    QUANTISATION,
    /** Simulated transmission damage on the decoded picture: a region's 16×16 blocks shuffled or flattened
     *  to their mean (lost AC coefficients). */
    BLOCKS
}
