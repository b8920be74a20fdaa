package dev.vigil.worker.decode.bitstream;

/**
 * Reads the fields of an H.264 NAL unit's payload (its raw byte sequence payload, RBSP): fixed-width fields and
 * Exp-Golomb codes, MSB first, after taking out the emulation prevention bytes ({@code 00 00 03}) the encoder put
 * in. Reading past the end throws {@link BitstreamException}: the bytes come from an untrusted stream.
 * Reusable ({@link #reset}); one per stream, used from one thread.
 */
public final class RbspBits {

    private byte[] rbsp = new byte[256];
    private int length;
    private int bit;

    /** Reads the payload of the NAL unit at {@code data[offset, offset + size)}, after its one-byte header. */
    public RbspBits reset(byte[] data, int offset, int size) {
        if (rbsp.length < size) {
            rbsp = new byte[size];
        }
        int n = 0;
        int zeros = 0;
        for (int i = offset + 1; i < offset + size; i++) {
            byte b = data[i];
            if (zeros >= 2 && b == 3) {
                zeros = 0; // emulation prevention byte: not part of the payload
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            rbsp[n++] = b;
        }
        length = n;
        bit = 0;
        return this;
    }

    /** An unsigned field of {@code n} bits, n ≤ 32. */
    public long u(int n) {
        if (bit + n > length * 8L) {
            throw new BitstreamException("header ends early");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 1) | ((rbsp[bit >> 3] >> (7 - (bit & 7))) & 1);
            bit++;
        }
        return v;
    }

    public boolean flag() {
        return u(1) == 1;
    }

    /** An unsigned Exp-Golomb code, ue(v). */
    public int ue() {
        int zeros = 0;
        while (u(1) == 0) {
            if (++zeros > 31) {
                throw new BitstreamException("Exp-Golomb code too long");
            }
        }
        long v = (1L << zeros) - 1 + u(zeros);
        if (v > Integer.MAX_VALUE) {
            throw new BitstreamException("Exp-Golomb value out of range");
        }
        return (int) v;
    }

    /** A signed Exp-Golomb code, se(v). */
    public int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    /** An unsigned Exp-Golomb code that must not exceed {@code max} (a table index, a count). */
    public int ue(int max) {
        int v = ue();
        if (v > max) {
            throw new BitstreamException("value " + v + " above " + max);
        }
        return v;
    }
}
