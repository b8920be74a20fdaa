package dev.vigil.worker.escalation;

import static dev.vigil.worker.escalation.FreezeRuns.freezes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.decode.bitstream.PictureQuantiser;
import dev.vigil.worker.source.MediaKind;
import dev.vigil.worker.source.MediaSource;
import dev.vigil.worker.source.Packet;
import dev.vigil.worker.source.SourceOptions;
import dev.vigil.worker.testing.TestMedia;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The coded-size suspicion on a real constant-bit-rate encode: x264 with HRD filler, as broadcast contribution and
 * DVB encoders run, whose every picture is padded to the same size. A freeze between two key pictures leaves the
 * sizes flat; only the quantiser tells.
 */
class CodedSizeDropMediaTest {

    /** Pictures 115 to 177 repeat picture 114: 4.56 s to 7.12 s, one key picture inside (6.0 s; GOP of 2 s). */
    static final double FREEZE_START = 4.56;

    static final double FREEZE_END = 7.12;

    record Coded(double sec, int size, int qp, boolean key) {}

    static Path constantBitRateFreeze() {
        return TestMedia.generateWithX264(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25,split[a][b];[a][b]freezeframes=first=115:last=177:replace=114,"
                        + "format=yuv420p",
                "-t",
                "12",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-b:v",
                "1500k",
                "-minrate",
                "1500k",
                "-maxrate",
                "1500k",
                "-bufsize",
                "120k",
                "-bf",
                "0",
                "-g",
                "50",
                "-x264-params",
                "nal-hrd=cbr:filler=1:scenecut=0",
                "-f",
                "mpegts",
                "OUT");
    }

    @Test
    void aFreezeThatLeavesTheSizesOfAConstantBitRateEncodeFlatIsSuspectedByItsQuantiser() throws Exception {
        List<Coded> packets = read(constantBitRateFreeze());
        assertThat(packets).hasSize(300);

        List<Double> bySize = drops(packets, false);
        List<Double> byWork = drops(packets, true);

        // the encoder pads every picture to the same size: by size alone the freeze never shows
        assertThat(medianSize(packets, true)).isCloseTo(medianSize(packets, false), withinPercentage(5));
        assertThat(bySize).isEmpty();
        // its quantiser falls to the floor instead: suspected within a third of a second, for as long as it lasts
        assertThat(packets.stream()
                        .filter(p -> !p.key() && p.sec() > 5 && p.sec() < 7)
                        .mapToInt(Coded::qp))
                .allSatisfy(qp -> assertThat(qp).isBetween(0, 10));
        assertThat(byWork).isNotEmpty();
        assertThat(byWork.get(0)).isBetween(FREEZE_START, FREEZE_START + 0.4);
        assertThat(byWork).allSatisfy(t -> assertThat(t).isBetween(FREEZE_START, FREEZE_END + 0.4));
        assertThat(byWork.get(byWork.size() - 1)).isGreaterThan(FREEZE_END - 0.2);
    }

    /**
     * The same clip through {@code vigil analyze}: keyframes alone sees three key pictures, only one of them frozen,
     * and finds nothing; with escalation the quantiser's fall escalates the stream, the GOP under way is decoded
     * again from its key picture, and the freeze is found with full decoding's interval.
     */
    @Test
    void keyframesFindsTheFreezeOfAConstantBitRateEncodeAtFullDecodingsInterval() {
        Path clip = constantBitRateFreeze();
        List<JsonNode> full = freezes(clip, "full", true);
        List<JsonNode> alone = freezes(clip, "keyframes", false);
        List<JsonNode> escalated = freezes(clip, "keyframes", true);

        assertThat(alone).isEmpty();
        FreezeRuns.sameInterval(full, escalated, 0.1);
    }

    /** Median size of the pictures between key pictures inside (or outside) the freeze. */
    private static double medianSize(List<Coded> packets, boolean inFreeze) {
        int[] sizes = packets.stream()
                .filter(p -> !p.key() && (p.sec() >= FREEZE_START && p.sec() < FREEZE_END) == inFreeze)
                .mapToInt(Coded::size)
                .sorted()
                .toArray();
        return sizes[sizes.length / 2];
    }

    /** When the suspicion is raised, picture by picture. */
    private static List<Double> drops(List<Coded> packets, boolean withQuantiser) {
        CodedSizeDrop drop = new CodedSizeDrop();
        List<Double> at = new ArrayList<>();
        for (Coded p : packets) {
            if (drop.onPacket(p.size(), withQuantiser ? p.qp() : PictureQuantiser.UNKNOWN, p.key())) {
                at.add(p.sec());
            }
        }
        return at;
    }

    static List<Coded> read(Path clip) throws Exception {
        List<Coded> out = new ArrayList<>();
        try (MediaSource s = new MediaSource(clip.toString(), SourceOptions.DEFAULTS)) {
            s.open();
            PictureQuantiser q = PictureQuantiser.of(s.stream(MediaKind.VIDEO).codecpar());
            Packet p;
            double first = Double.NaN;
            while ((p = s.read()) != null) {
                if (p.kind() == MediaKind.VIDEO) {
                    double sec = p.ptsMicros() / 1e6;
                    first = Double.isNaN(first) ? sec : first;
                    out.add(new Coded(sec - first, p.size(), q.qp(p.av()), p.isKey()));
                }
            }
        }
        return out;
    }
}
