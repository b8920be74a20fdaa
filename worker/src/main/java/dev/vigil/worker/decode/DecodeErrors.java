package dev.vigil.worker.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * What the decoder knew was wrong with a picture, as bits: FFmpeg's {@code AVFrame.decode_error_flags} in the
 * low bits, then what Vigil adds from the frame and packet flags and from packets the decoder refused.
 */
public final class DecodeErrors {

    /** FF_DECODE_ERROR_INVALID_BITSTREAM: the bitstream could not be parsed. */
    public static final int INVALID_BITSTREAM = 1;
    /** FF_DECODE_ERROR_MISSING_REFERENCE: a reference picture was missing. */
    public static final int MISSING_REFERENCE = 2;
    /** FF_DECODE_ERROR_CONCEALMENT_ACTIVE: damaged macroblocks were concealed (guessed from neighbours). */
    public static final int CONCEALMENT = 4;
    /** FF_DECODE_ERROR_DECODE_SLICES: slices were lost or could not be decoded. */
    public static final int SLICES_LOST = 8;
    /** AV_FRAME_FLAG_CORRUPT on the frame. */
    public static final int CORRUPT_FRAME = 1 << 8;
    /** A packet of this stream arrived marked corrupt by the demuxer (e.g. a transport continuity error). */
    public static final int CORRUPT_PACKET = 1 << 9;
    /** The decoder refused a packet of this stream as invalid data. */
    public static final int REFUSED_PACKET = 1 << 10;
    /** Pictures expected by their timestamps never came out of the decoder (their data was lost). */
    public static final int MISSING_PICTURES = 1 << 11;

    private static final int[] BITS = {
        INVALID_BITSTREAM,
        MISSING_REFERENCE,
        CONCEALMENT,
        SLICES_LOST,
        CORRUPT_FRAME,
        CORRUPT_PACKET,
        REFUSED_PACKET,
        MISSING_PICTURES
    };
    private static final String[] NAMES = {
        "invalid_bitstream",
        "missing_reference",
        "concealment",
        "slices_lost",
        "corrupt_frame",
        "corrupt_packet",
        "refused_packet",
        "missing_pictures"
    };

    private DecodeErrors() {}

    /** The names of the bits set, in a fixed order. */
    public static List<String> names(int flags) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < BITS.length; i++) {
            if ((flags & BITS[i]) != 0) {
                names.add(NAMES[i]);
            }
        }
        return names;
    }
}
