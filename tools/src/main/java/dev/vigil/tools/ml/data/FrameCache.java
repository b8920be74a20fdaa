package dev.vigil.tools.ml.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** A clip's kept frames on disk: per frame its index, size, label, bad-block share, luma plane and the previous frame's. */
final class FrameCache {

    private FrameCache() {}

    static Writer writer(Path file) throws IOException {
        return new Writer(new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)));
    }

    static void read(Path file, Clip clip, Consumer<LabeledFrame> sink) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            while (true) {
                int index;
                try {
                    index = in.readInt();
                } catch (EOFException end) {
                    return;
                }
                int w = in.readInt();
                int h = in.readInt();
                boolean corrupt = in.readBoolean();
                double share = in.readDouble();
                byte[] luma = new byte[w * h];
                in.readFully(luma);
                byte[] previous = new byte[w * h];
                in.readFully(previous);
                sink.accept(new LabeledFrame(clip, index, luma, previous, w, h, corrupt, share));
            }
        }
    }

    static final class Writer implements Consumer<LabeledFrame>, AutoCloseable {
        private final DataOutputStream out;

        private Writer(DataOutputStream out) {
            this.out = out;
        }

        @Override
        public void accept(LabeledFrame f) {
            try {
                out.writeInt(f.index());
                out.writeInt(f.width());
                out.writeInt(f.height());
                out.writeBoolean(f.corrupt());
                out.writeDouble(f.badBlockShare());
                out.write(f.luma(), 0, f.width() * f.height());
                out.write(f.previous(), 0, f.width() * f.height());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
