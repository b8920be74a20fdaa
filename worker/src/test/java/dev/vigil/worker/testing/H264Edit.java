package dev.vigil.worker.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Damages an H.264 Annex B stream the way a broken encoder or a lossy link does, for tests: remove slices of a
 * picture, or overwrite bytes inside its slice data. The stream must carry access unit delimiters (encode with
 * {@code -bsf:v h264_metadata=aud=insert}), so that picture {@code n} is the n-th access unit.
 */
public final class H264Edit {

    private final List<List<byte[]>> units; // access units, each a list of NAL units with their start codes

    private H264Edit(List<List<byte[]>> units) {
        this.units = units;
    }

    public static H264Edit read(Path annexB) {
        try {
            byte[] d = Files.readAllBytes(annexB);
            List<Integer> starts = new ArrayList<>();
            for (int i = 0; i + 3 < d.length; i++) {
                if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
                    starts.add(i > 0 && d[i - 1] == 0 ? i - 1 : i);
                    i += 2;
                }
            }
            List<List<byte[]>> units = new ArrayList<>();
            for (int k = 0; k < starts.size(); k++) {
                int from = starts.get(k);
                int to = k + 1 < starts.size() ? starts.get(k + 1) : d.length;
                byte[] nal = java.util.Arrays.copyOfRange(d, from, to);
                if (type(nal) == 9 || units.isEmpty()) {
                    units.add(new ArrayList<>());
                }
                units.get(units.size() - 1).add(nal);
            }
            return new H264Edit(units);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int pictures() {
        return units.size();
    }

    /** Removes slices {@code from..to} (0-based, inclusive) of picture {@code n}. */
    public H264Edit removeSlices(int n, int from, int to) {
        List<byte[]> unit = units.get(n);
        int slice = -1;
        for (int i = 0; i < unit.size(); i++) {
            int t = type(unit.get(i));
            if (t == 1 || t == 5) {
                slice++;
                if (slice >= from && slice <= to) {
                    unit.remove(i--);
                }
            }
        }
        return this;
    }

    /** Overwrites {@code count} bytes in the middle of slice {@code slice} of picture {@code n}. */
    public H264Edit garbleSlice(int n, int slice, int count, long seed) {
        Random r = new Random(seed);
        int s = -1;
        for (byte[] nal : units.get(n)) {
            int t = type(nal);
            if ((t == 1 || t == 5) && ++s == slice) {
                int start = Math.max(8, nal.length / 3);
                for (int i = start; i < Math.min(nal.length, start + count); i++) {
                    nal[i] = (byte) (1 + r.nextInt(255)); // never 0: no accidental start codes
                }
                return this;
            }
        }
        throw new IllegalArgumentException("picture " + n + " has no slice " + slice);
    }

    public Path write(Path out) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (List<byte[]> unit : units) {
            for (byte[] nal : unit) {
                b.writeBytes(nal);
            }
        }
        try {
            Files.write(out, b.toByteArray());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int type(byte[] nal) {
        int i = nal[0] == 0 && nal[1] == 0 && nal[2] == 0 ? 4 : 3;
        return nal[i] & 0x1F;
    }
}
