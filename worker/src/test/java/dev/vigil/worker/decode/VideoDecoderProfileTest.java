package dev.vigil.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.decode.bitstream.PictureQuantiser;
import dev.vigil.worker.source.MediaKind;
import dev.vigil.worker.source.MediaSource;
import dev.vigil.worker.source.Packet;
import dev.vigil.worker.source.SourceOptions;
import dev.vigil.worker.testing.TestMedia;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The decoder's profiles on a real IBBP encode (x264, two unreferenced B-frames, a closed GOP every 24 pictures):
 * what each decodes, and switching between them between packets without damage.
 */
@Timeout(120)
class VideoDecoderProfileTest {

    record Pic(
            long ptsMicros,
            char type,
            boolean key,
            int errors,
            boolean full,
            long afterPacketMicros,
            boolean companion) {

        /** What the test keeps of a picture just received from {@code v}. */
        static Pic of(Picture pic, long afterPacketMicros, VideoDecoder v) {
            return new Pic(
                    pic.ptsMicros(),
                    pic.type(),
                    pic.isKey(),
                    pic.errors(),
                    pic.full(),
                    afterPacketMicros,
                    v.lastWasCompanion());
        }
    }

    static Path ibbp() {
        return ibbp(24);
    }

    /** The same with a closed GOP every {@code gop} pictures. */
    static Path ibbp(int gop) {
        return TestMedia.generateWithX264(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-t",
                "6",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-g",
                Integer.toString(gop),
                "-bf",
                "2",
                "-x264-params",
                "b-pyramid=none:scenecut=0:open-gop=0:keyint=" + gop + ":min-keyint=" + gop,
                "OUT");
    }

    /** Decodes the clip; {@code beforePacket} may switch the profile (packet index, decoder). */
    static List<Pic> decode(Path clip, DecodeProfile profile, BiConsumer<Integer, VideoDecoder> beforePacket)
            throws Exception {
        List<Pic> pics = new ArrayList<>();
        try (MediaSource s = new MediaSource(clip.toString(), SourceOptions.DEFAULTS)) {
            s.open();
            PictureQuantiser headers =
                    PictureQuantiser.of(s.stream(MediaKind.VIDEO).codecpar());
            try (VideoDecoder v = new VideoDecoder(s.stream(MediaKind.VIDEO), profile)) {
                Packet p;
                int n = 0;
                while ((p = s.read()) != null) {
                    if (p.kind() != MediaKind.VIDEO) {
                        continue;
                    }
                    beforePacket.accept(n++, v);
                    long pts = p.ptsMicros();
                    headers.qp(p.av());
                    v.send(p, headers.idr());
                    Picture pic;
                    while ((pic = v.receive()) != null) {
                        pics.add(Pic.of(pic, pts, v));
                    }
                }
                v.drain();
                Picture pic;
                while ((pic = v.receive()) != null) {
                    pics.add(Pic.of(pic, -1, v));
                }
            }
        }
        return pics;
    }

    @Test
    void economyDecodesTheReferencePicturesOnlyAndKeyframesTheKeyPictures() throws Exception {
        List<Pic> full = decode(ibbp(), DecodeProfile.FULL, (i, v) -> {});
        List<Pic> economy = decode(ibbp(), DecodeProfile.ECONOMY, (i, v) -> {});
        List<Pic> keyframes = decode(ibbp(), DecodeProfile.KEYFRAMES, (i, v) -> {});

        assertThat(full).hasSize(150).allSatisfy(p -> assertThat(p.full()).isTrue());
        assertThat(economy)
                .extracting(Pic::ptsMicros)
                .containsExactlyElementsOf(full.stream()
                        .filter(p -> p.type() != 'B')
                        .map(Pic::ptsMicros)
                        .toList());
        // key pictures 0.96 s apart: every other one after the second, as a 2 s GOP has them (tested below)
        List<Long> keys = full.stream().filter(Pic::key).map(Pic::ptsMicros).toList();
        assertThat(keyframes.stream().filter(p -> !p.companion()))
                .extracting(Pic::ptsMicros)
                .containsExactly(keys.get(0), keys.get(1), keys.get(3), keys.get(5));
        // pictures skipped on purpose are neither damage nor missing, and not what full decoding shows
        assertThat(economy).allSatisfy(p -> {
            assertThat(p.errors()).isZero();
            assertThat(p.full()).isFalse();
        });
        // a key picture comes out as soon as it goes in, or with its companion, the packet after it, not a GOP later
        // behind the decoder's reorder delay
        for (int i = 0; i < keyframes.size(); i++) {
            Pic p = keyframes.get(i);
            Pic next = i + 1 < keyframes.size() ? keyframes.get(i + 1) : null;
            long companion = next != null && next.companion() ? next.ptsMicros() : p.ptsMicros();
            assertThat(p.afterPacketMicros()).isEqualTo(p.companion() ? p.ptsMicros() : companion);
        }
    }

    /**
     * Key pictures 2 s apart (a GOP of 50): after each IDR picture but the first (whose distance to the next is not
     * known yet), the next picture in decoding order, the P picture the B-frames lie before, comes out too, clean,
     * marked as its companion, right after it. Key pictures 0.96 s apart (24 pictures): none.
     */
    @Test
    void keyframesDecodesTheCompanionOfEachIdrPictureWhereKeyPicturesLieMoreThanASecondApart() throws Exception {
        List<Pic> full = decode(ibbp(50), DecodeProfile.FULL, (i, v) -> {});
        List<Pic> keyframes = decode(ibbp(50), DecodeProfile.KEYFRAMES, (i, v) -> {});

        List<Long> keys = full.stream().filter(Pic::key).map(Pic::ptsMicros).toList();
        assertThat(keys).hasSize(3);
        assertThat(keys.get(1) - keys.get(0)).isEqualTo(2_000_000L);
        assertThat(keys.get(2) - keys.get(1)).isEqualTo(2_000_000L);
        // the first P picture after each key picture, in presentation order: 3 pictures on (two B-frames before it)
        List<Long> companions = keys.stream().skip(1).map(k -> k + 120_000).toList();
        assertThat(full.stream().filter(p -> companions.contains(p.ptsMicros())).map(Pic::type))
                .containsOnly('P');

        assertThat(keyframes.stream().filter(Pic::companion).map(Pic::ptsMicros).toList())
                .containsExactlyElementsOf(companions);
        assertThat(keyframes.stream()
                        .filter(p -> !p.companion())
                        .map(Pic::ptsMicros)
                        .toList())
                .containsExactlyElementsOf(keys);
        for (int i = 0; i < keyframes.size(); i++) {
            Pic p = keyframes.get(i);
            if (p.companion()) {
                assertThat(p.errors())
                        .as("a companion refers to its key picture only")
                        .isZero();
                assertThat(p.full()).isFalse();
                assertThat(p.type()).isEqualTo('P');
                assertThat(keyframes.get(i - 1).key()).isTrue();
            }
        }
    }

    /**
     * Key pictures 0.96 s apart (a GOP of 24): keyframes decodes IDR pictures at least 2 s apart or as close to that
     * as the GOP allows (every other one, 1.92 s), each with its companion, so that it costs what a 2 s GOP costs and
     * sees what a 2 s GOP shows. The first two are decoded (the distance between key pictures is not known before
     * the second); the first has no companion.
     */
    @Test
    void keyframesOnAOneSecondGopDecodesEveryOtherIdrPictureWithItsCompanion() throws Exception {
        List<Pic> full = decode(ibbp(), DecodeProfile.FULL, (i, v) -> {});
        List<Pic> keyframes = decode(ibbp(), DecodeProfile.KEYFRAMES, (i, v) -> {});

        List<Long> keys = full.stream().filter(Pic::key).map(Pic::ptsMicros).toList();
        assertThat(keys).hasSize(7);
        List<Long> decodedKeys = List.of(keys.get(0), keys.get(1), keys.get(3), keys.get(5));
        assertThat(keyframes.stream()
                        .filter(p -> !p.companion())
                        .map(Pic::ptsMicros)
                        .toList())
                .containsExactlyElementsOf(decodedKeys);
        assertThat(decodedKeys.get(2) - decodedKeys.get(1)).isEqualTo(1_920_000L);
        assertThat(decodedKeys.get(3) - decodedKeys.get(2)).isEqualTo(1_920_000L);
        // each right after its key picture: the next picture in decoding order, a P picture at most three on
        List<Pic> companions = keyframes.stream().filter(Pic::companion).toList();
        assertThat(companions).hasSize(3);
        for (int i = 0; i < companions.size(); i++) {
            Pic c = companions.get(i);
            Pic key = keyframes.get(keyframes.indexOf(c) - 1);
            assertThat(key.ptsMicros()).isEqualTo(decodedKeys.get(i + 1));
            assertThat(c.type()).isEqualTo('P');
            assertThat(c.ptsMicros() - key.ptsMicros()).isBetween(40_000L, 120_000L);
        }
        assertThat(keyframes).allSatisfy(p -> assertThat(p.errors()).isZero());
    }

    /**
     * When a short GOP's companion is as still as its key picture (here: told so at the second companion), the key
     * picture skipped before that key picture decodes alone, out of turn, and from then on every key picture is decoded,
     * without companions.
     */
    @Test
    void stoppingTheSkippingDecodesEveryKeyPictureAndTheOneSkippedBeforeAlone() throws Exception {
        List<Long> keys = decode(ibbp(), DecodeProfile.FULL, (i, v) -> {}).stream()
                .filter(Pic::key)
                .map(Pic::ptsMicros)
                .toList();
        List<Pic> pics = new ArrayList<>();
        List<Pic> skipped = new ArrayList<>();
        try (MediaSource s = new MediaSource(ibbp().toString(), SourceOptions.DEFAULTS)) {
            s.open();
            PictureQuantiser headers =
                    PictureQuantiser.of(s.stream(MediaKind.VIDEO).codecpar());
            try (VideoDecoder v = new VideoDecoder(s.stream(MediaKind.VIDEO), DecodeProfile.KEYFRAMES)) {
                Packet p;
                while ((p = s.read()) != null) {
                    if (p.kind() != MediaKind.VIDEO) {
                        continue;
                    }
                    headers.qp(p.av());
                    v.send(p, headers.idr());
                    Picture pic;
                    while ((pic = v.receive()) != null) {
                        pics.add(Pic.of(pic, p.ptsMicros(), v));
                        if (v.lastWasCompanion()
                                && pics.stream().filter(Pic::companion).count() == 2) {
                            v.stopStriding();
                            Picture alone = v.skippedKeyPicture();
                            assertThat(alone).isNotNull();
                            skipped.add(Pic.of(alone, -1, v));
                            assertThat(v.skippedKeyPicture()).as("decoded once").isNull();
                        }
                    }
                }
            }
        }
        // keys 0 and 1 decoded (1 with a companion), 2 skipped, 3 decoded with the second companion; from then on all
        assertThat(skipped).singleElement().satisfies(k -> {
            assertThat(k.ptsMicros()).isEqualTo(keys.get(2));
            assertThat(k.type()).isEqualTo('I');
            assertThat(k.errors()).isZero();
        });
        assertThat(pics.stream().filter(x -> !x.companion()).map(Pic::ptsMicros).toList())
                .containsExactly(keys.get(0), keys.get(1), keys.get(3), keys.get(4), keys.get(5), keys.get(6));
        assertThat(pics.stream().filter(Pic::companion).count()).isEqualTo(2);
        assertThat(pics).allSatisfy(x -> assertThat(x.errors()).isZero());
    }

    @Test
    void economyDecodesAStreamWithoutBFramesInFullWithTheLoopFilter() throws Exception {
        // IPPP (openh264, as low-latency and contribution encoders make it): no picture left unreferenced
        Path ippp = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25,noise=alls=6:allf=t",
                "-t",
                "4",
                "-c:v",
                "libopenh264",
                "-g",
                "24",
                "OUT");
        List<Pic> full = decode(ippp, DecodeProfile.FULL, (i, v) -> {});
        List<Pic> economy = decode(ippp, DecodeProfile.ECONOMY, (i, v) -> {});

        assertThat(economy)
                .extracting(Pic::ptsMicros)
                .containsExactlyElementsOf(full.stream().map(Pic::ptsMicros).toList());
        // exactly what full decoding shows, so the coding-artefact measures hold on them
        assertThat(economy).allSatisfy(p -> {
            assertThat(p.errors()).isZero();
            assertThat(p.full()).isTrue();
        });
    }

    @Test
    void economyToFullTakesEffectAtOnceAndIsFullFromTheNextKeyPicture() throws Exception {
        List<Pic> pics = decode(ibbp(), DecodeProfile.ECONOMY, (i, v) -> {
            if (i == 40) {
                v.use(DecodeProfile.FULL);
            }
        });
        assertThat(pics).allSatisfy(p -> assertThat(p.errors()).isZero());
        long firstB = pics.stream()
                .filter(p -> p.type() == 'B')
                .mapToLong(Pic::ptsMicros)
                .min()
                .orElseThrow();
        long nextKey = pics.stream()
                .filter(p -> p.key() && p.ptsMicros() > firstB)
                .mapToLong(Pic::ptsMicros)
                .min()
                .orElseThrow();
        assertThat(firstB).as("B-frames from packet 40 on").isLessThan(nextKey);
        assertThat(pics)
                .filteredOn(p -> p.ptsMicros() >= firstB && p.ptsMicros() < nextKey)
                .allSatisfy(p -> assertThat(p.full())
                        .as("decoded from references without the loop filter")
                        .isFalse());
        assertThat(pics)
                .filteredOn(p -> p.ptsMicros() >= nextKey)
                .hasSizeGreaterThan(20)
                .allSatisfy(p -> assertThat(p.full()).isTrue());
    }

    @Test
    void keyframesToFullLooksBackToTheGopsKeyPictureSoNoPictureOfTheGopIsLost() throws Exception {
        List<Pic> full = decode(ibbp(), DecodeProfile.FULL, (i, v) -> {});
        List<Pic> pics = decode(ibbp(), DecodeProfile.KEYFRAMES, (i, v) -> {
            if (i == 30) {
                v.use(DecodeProfile.FULL); // inside the second GOP, whose key picture was decoded at packet 24
            }
        });
        long secondKey = full.get(24).ptsMicros();
        assertThat(pics).allSatisfy(p -> assertThat(p.errors()).as("%s", p).isZero());
        // the first key picture, the second, then every picture after it, each once, as full decoding shows it (the
        // second key picture's companion, decoded before full decoding was asked for, aside)
        List<Long> expected = new ArrayList<>();
        expected.add(full.get(0).ptsMicros());
        full.stream().map(Pic::ptsMicros).filter(t -> t >= secondKey).forEach(expected::add);
        assertThat(pics.stream().filter(p -> !p.companion()))
                .extracting(Pic::ptsMicros)
                .containsExactlyElementsOf(expected);
        assertThat(pics)
                .filteredOn(p -> p.ptsMicros() > secondKey && !p.companion())
                .allSatisfy(p -> assertThat(p.full()).isTrue());
    }

    @Test
    void aLookBackAtAKeyPictureDecodesTheGopBeforeItInFullThenThatKeyPictureAgain() throws Exception {
        List<Pic> full = decode(ibbp(), DecodeProfile.FULL, (i, v) -> {});
        List<Pic> pics = new ArrayList<>();
        try (MediaSource s = new MediaSource(ibbp().toString(), SourceOptions.DEFAULTS)) {
            s.open();
            try (VideoDecoder v = new VideoDecoder(s.stream(MediaKind.VIDEO), DecodeProfile.KEYFRAMES)) {
                Packet p;
                boolean lookedBack = false;
                while ((p = s.read()) != null) {
                    if (p.kind() != MediaKind.VIDEO) {
                        continue;
                    }
                    v.use(v.profile() == DecodeProfile.KEYFRAMES ? DecodeProfile.KEYFRAMES : DecodeProfile.FULL);
                    v.send(p);
                    Picture pic;
                    while ((pic = v.receive()) != null) {
                        if (!lookedBack && pics.size() == 2 && v.canLookBack()) {
                            // the third key picture: as the session does, judge it, then decode what came before
                            lookedBack =
                                    v.lookBack(DecodeProfile.FULL, pics.get(1).ptsMicros());
                            assertThat(lookedBack).isTrue();
                            continue;
                        }
                        pics.add(Pic.of(pic, v.lookedBack() ? 1 : 0, v));
                    }
                }
                v.drain();
                Picture pic;
                while ((pic = v.receive()) != null) {
                    pics.add(Pic.of(pic, 0, v));
                }
            }
        }
        long secondKey = full.get(24).ptsMicros();
        long thirdKey = full.get(48).ptsMicros();
        assertThat(pics).allSatisfy(p -> assertThat(p.errors()).as("%s", p).isZero());
        List<Long> expected = new ArrayList<>(List.of(full.get(0).ptsMicros(), secondKey));
        full.stream().map(Pic::ptsMicros).filter(t -> t > secondKey).forEach(expected::add);
        assertThat(pics).extracting(Pic::ptsMicros).containsExactlyElementsOf(expected);
        assertThat(pics)
                .filteredOn(p -> p.ptsMicros() > secondKey)
                .allSatisfy(p -> assertThat(p.full()).isTrue());
        // the pictures of the GOP looked back on are marked so: they lie behind media already read
        assertThat(pics)
                .filteredOn(p -> p.ptsMicros() > secondKey && p.ptsMicros() <= thirdKey)
                .allSatisfy(p -> assertThat(p.afterPacketMicros()).isEqualTo(1));
        assertThat(pics)
                .filteredOn(p -> p.ptsMicros() > thirdKey + 200_000)
                .allSatisfy(p -> assertThat(p.afterPacketMicros()).isZero());
    }

    @Test
    void keyframesOnAStreamWithKeyPicturesTenSecondsApartDecodesItInEconomy() throws Exception {
        Path longGop = ibbp(250);
        List<Pic> economy = decode(longGop, DecodeProfile.ECONOMY, (i, v) -> {});
        boolean[] sparse = new boolean[1];
        List<Pic> keyframes = decode(longGop, DecodeProfile.KEYFRAMES, (i, v) -> {
            v.use(DecodeProfile.KEYFRAMES); // what the session keeps asking for
            sparse[0] = v.sparseKeys();
        });
        assertThat(sparse[0]).isTrue();
        // once the key pictures prove too far apart, the GOP is decoded again from its key picture in economy:
        // the same pictures economy decodes, none lost
        assertThat(keyframes)
                .extracting(Pic::ptsMicros)
                .containsExactlyElementsOf(economy.stream().map(Pic::ptsMicros).toList());
        assertThat(keyframes).allSatisfy(p -> assertThat(p.errors()).isZero());
    }
}
