package dev.vigil.tools.accuracy.integrity;

import dev.vigil.worker.testing.H264Edit;
import dev.vigil.worker.testing.TestMedia;
import dev.vigil.worker.testing.TsEdit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A labelled corpus of transport and decoder damage, made here with FFmpeg and edited packet by packet: content
 * kinds × codecs × damage kinds × seeds. Each case says which defects it must raise, and when (the truth); a case
 * may also say which defects it may raise without being wrong (a continuity jump without lost data may or may not
 * leave a picture damaged). Seeds split the corpus: {@link Split#DEV} may be looked at while choosing thresholds,
 * {@link Split#EVAL} never is.
 */
final class IntegrityCorpus {

    enum Split {
        DEV(1, 2),
        EVAL(101, 102, 103);

        final long[] seeds;

        Split(long... seeds) {
            this.seeds = seeds;
        }
    }

    /** What a case should raise: a type (and transport check), over an interval of media time. */
    record Truth(String type, String check, double fromSec, double toSec) {}

    record Case(
            String content,
            String codec,
            String damage,
            long seed,
            Path media,
            List<Truth> truths,
            List<String> tolerated) {

        String label() {
            return content + "/" + codec + "/" + damage + "/" + seed;
        }
    }

    /** Content kinds, as lavfi sources: real playout is neither clean nor still. */
    static final List<String[]> CONTENTS = List.of(
            new String[] {"synthetic", "testsrc2=size=640x360:rate=25"},
            new String[] {"grain", "testsrc2=size=640x360:rate=25,noise=alls=25:allf=t+u"},
            new String[] {"motion", "mandelbrot=size=640x360:rate=25"},
            new String[] {"graphics", "cellauto=size=80x45:rate=25:rule=110,scale=640:360:flags=neighbor,format=yuv420p"
            });

    static final List<String> TS_DAMAGES = List.of(
            "clean", "random_loss", "burst_loss", "continuity_jump", "pat_missing", "pcr_gap", "transport_error_bits");
    static final List<String> ES_DAMAGES = List.of("slices_lost", "slices_garbled");

    static final double SECONDS = 12;
    /** A key picture every 2 s: damage shows until the next one. */
    static final int GOP = 50;

    static final double GOP_SEC = GOP / 25.0;

    private final Path dir;

    IntegrityCorpus(Path dir) {
        this.dir = dir;
    }

    List<Case> cases(Split split, List<String[]> contents, List<String> codecs, List<String> damages) throws Exception {
        List<Case> cases = new ArrayList<>();
        for (long seed : split.seeds) {
            for (String[] content : contents) {
                for (String codec : codecs) {
                    for (String damage : damages) {
                        boolean es = ES_DAMAGES.contains(damage);
                        if (es != codec.equals("h264-es")) {
                            continue;
                        }
                        cases.add(make(content, codec, damage, seed));
                    }
                }
            }
        }
        return cases;
    }

    private Case make(String[] content, String codec, String damage, long seed) throws Exception {
        Random r = new Random(seed * 7919 + damage.hashCode() * 31L + content[0].hashCode());
        double at = 3 + r.nextDouble() * 5; // somewhere in 3..8 s, never at a key picture exactly
        Path base = source(content[1], codec);
        Path out = Files.createDirectories(dir.resolve(codec))
                .resolve(content[0] + "-" + damage + "-" + seed + (codec.equals("h264-es") ? ".h264" : ".ts"));
        List<Truth> truths = new ArrayList<>();
        List<String> tolerated = new ArrayList<>();
        if (codec.equals("h264-es")) {
            int picture = (int) Math.round(at * 25);
            if (picture % GOP == 0) {
                picture++;
            }
            H264Edit edit = H264Edit.read(base);
            if (damage.equals("slices_lost")) {
                edit.removeSlices(picture, 1, 2);
            } else {
                edit.garbleSlice(picture, 1 + r.nextInt(3), 150 + r.nextInt(200), seed);
            }
            edit.write(out);
            double start = picture / 25.0;
            truths.add(new Truth("corruption", null, start, nextKey(start)));
            return new Case(content[0], codec, damage, seed, out, truths, tolerated);
        }
        TsEdit edit = TsEdit.read(base);
        int video = edit.busiestPid();
        switch (damage) {
            case "clean" -> {}
            case "random_loss" -> {
                // datagrams of 7 packets lost at random, as on a UDP link
                double length = 0.3 + r.nextDouble() * 0.7;
                edit.dropDatagrams(at, at + length, 0.01 + r.nextDouble() * 0.03, seed);
                transportAndPictures(truths, tolerated, at, at + length);
            }
            case "burst_loss" -> {
                edit.dropDatagramBurst(at, 5 + r.nextInt(40)); // 35 to 315 packets in a row
                transportAndPictures(truths, tolerated, at, at + 0.3);
            }
            case "continuity_jump" -> {
                edit.jumpContinuity(video, at, 1 + r.nextInt(14));
                truths.add(new Truth("transport", "continuity_count_error", at, at + 0.1));
                tolerated.add("corruption"); // no data is lost, but the demuxer calls the packet corrupt
            }
            case "pat_missing" -> {
                double length = 1.5 + r.nextDouble() * 2;
                edit.drop(p -> p.pid() == 0 && p.sec >= at && p.sec < at + length);
                truths.add(new Truth("transport", "pat_error", at + 0.5, at + length));
                tolerated.add("transport/continuity_count_error"); // the PAT's own counter has a gap
            }
            case "pcr_gap" -> {
                double length = 0.2 + r.nextDouble() * 0.5;
                edit.stripPcr(at, at + length);
                truths.add(new Truth("transport", "pcr_repetition_error", at, at + length));
            }
            case "transport_error_bits" -> {
                double length = 0.1 + r.nextDouble() * 0.3;
                edit.setTei(video, at, at + length);
                truths.add(new Truth("transport", "transport_error", at, at + length));
                // packets marked damaged are not trusted: as good as lost for continuity, PCR and PTS
                tolerated.add("transport/continuity_count_error");
                tolerated.add("transport/pcr_repetition_error");
                tolerated.add("transport/pts_error");
                tolerated.add("corruption"); // the demuxer drops the packets it is told are damaged
            }
            default -> throw new IllegalArgumentException(damage);
        }
        edit.write(out);
        return new Case(content[0], codec, damage, seed, out, truths, tolerated);
    }

    /** Lost packets: a continuity defect, and damaged pictures until the next key picture. */
    private static void transportAndPictures(List<Truth> truths, List<String> tolerated, double from, double to) {
        truths.add(new Truth("transport", "continuity_count_error", from, to));
        truths.add(new Truth("corruption", null, from, nextKey(to)));
        // packets that carried a PCR, a PES header or a table may be among the lost
        tolerated.add("transport/pcr_repetition_error");
        tolerated.add("transport/pcr_discontinuity_indicator_error"); // a long burst: the PCR jumps
        tolerated.add("transport/pts_error");
        tolerated.add("transport/crc_error");
        tolerated.add("transport/pat_error");
        tolerated.add("transport/pmt_error");
    }

    static double nextKey(double t) {
        return (Math.floor(t / GOP_SEC) + 1) * GOP_SEC;
    }

    /** The clean encode of a content with a codec, made once (cached by recipe). */
    private static Path source(String lavfi, String codec) {
        return switch (codec) {
            case "h264" ->
                TestMedia.generate(
                        "ts",
                        "-f",
                        "lavfi",
                        "-i",
                        lavfi,
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=48000",
                        "-t",
                        Double.toString(SECONDS),
                        "-c:v",
                        "libopenh264",
                        "-b:v",
                        "2M",
                        "-g",
                        Integer.toString(GOP),
                        "-c:a",
                        "aac",
                        "-f",
                        "mpegts",
                        "OUT");
            case "mpeg2" ->
                TestMedia.generate(
                        "ts",
                        "-f",
                        "lavfi",
                        "-i",
                        lavfi,
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=48000",
                        "-t",
                        Double.toString(SECONDS),
                        "-c:v",
                        "mpeg2video",
                        "-b:v",
                        "4M",
                        "-g",
                        Integer.toString(GOP),
                        "-bf",
                        "2",
                        "-c:a",
                        "mp2",
                        "-f",
                        "mpegts",
                        "OUT");
            case "h264-es" ->
                TestMedia.generate(
                        "h264",
                        "-f",
                        "lavfi",
                        "-i",
                        lavfi,
                        "-t",
                        Double.toString(SECONDS),
                        "-c:v",
                        "libopenh264",
                        "-slices",
                        "4",
                        "-b:v",
                        "2M",
                        "-g",
                        Integer.toString(GOP),
                        "-bsf:v",
                        "h264_metadata=aud=insert",
                        "-f",
                        "h264",
                        "OUT");
            default -> throw new IllegalArgumentException(codec);
        };
    }
}
