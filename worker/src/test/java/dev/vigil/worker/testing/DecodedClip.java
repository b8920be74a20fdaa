package dev.vigil.worker.testing;

import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.decode.Picture;
import dev.vigil.worker.decode.VideoDecoder;
import dev.vigil.worker.source.MediaKind;
import dev.vigil.worker.source.MediaSource;
import dev.vigil.worker.source.Packet;
import dev.vigil.worker.source.SourceOptions;
import dev.vigil.worker.source.StreamFacts;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A clip decoded the way a player would (FFmpeg demux and decode): its facts, and each picture's time (seconds
 * from the clip's first picture) and mean luma. Evidence tests read captured clips with it.
 */
public record DecodedClip(StreamFacts facts, List<Frame> frames, int audioPackets) {

    /** One picture: when it shows and how bright it is (8-bit luma, 16 = black). */
    public record Frame(double sec, double meanLuma) {}

    public static DecodedClip of(Path file) throws Exception {
        try (MediaSource source = new MediaSource(file.toString(), SourceOptions.DEFAULTS)) {
            StreamFacts facts = source.open();
            List<Frame> frames = new ArrayList<>();
            int audio = 0;
            long first = Long.MIN_VALUE;
            VideoDecoder decoder = source.stream(MediaKind.VIDEO) == null
                    ? null
                    : new VideoDecoder(source.stream(MediaKind.VIDEO), DecodeProfile.FULL);
            try {
                Packet p;
                while ((p = source.read()) != null) {
                    if (p.kind() == MediaKind.AUDIO) {
                        audio++;
                    } else if (decoder != null) {
                        decoder.send(p);
                        first = collect(decoder, frames, first);
                    }
                }
                if (decoder != null) {
                    decoder.drain();
                    collect(decoder, frames, first);
                }
            } finally {
                if (decoder != null) {
                    decoder.close();
                }
            }
            return new DecodedClip(facts, frames, audio);
        }
    }

    private static long collect(VideoDecoder decoder, List<Frame> frames, long first) {
        Picture pic;
        while ((pic = decoder.receive()) != null) {
            if (first == Long.MIN_VALUE) {
                first = pic.ptsMicros();
            }
            frames.add(new Frame((pic.ptsMicros() - first) / 1e6, meanLuma(pic)));
        }
        return first;
    }

    private static double meanLuma(Picture p) {
        ByteBuffer y = p.luma();
        long sum = 0;
        for (int r = 0; r < p.height(); r++) {
            for (int c = 0; c < p.width(); c++) {
                sum += y.get(r * p.stride() + c) & 0xff;
            }
        }
        return (double) sum / (p.width() * p.height());
    }

    public double durationSec() {
        return frames.isEmpty() ? 0 : frames.get(frames.size() - 1).sec();
    }

    /** Time of the first picture darker than {@code luma}, or NaN. */
    public double firstDarkerThan(double luma) {
        return frames.stream()
                .filter(f -> f.meanLuma() < luma)
                .mapToDouble(Frame::sec)
                .findFirst()
                .orElse(Double.NaN);
    }
}
