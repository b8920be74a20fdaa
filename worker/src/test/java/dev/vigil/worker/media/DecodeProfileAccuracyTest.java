package dev.vigil.worker.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.TestMedia;
import dev.vigil.worker.testing.TsEdit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection accuracy per decode profile, on broadcast-style encodes (x264, IBBP, closed GOPs of 24 pictures) with
 * defects injected at known times: freeze and black of several lengths (and a black too short to count), silence,
 * a gap in the timestamps (stall), transport packet loss (corruption), and hard negatives (grain on a still scene,
 * a dark scene, a short fade through black, a quiet passage) where any defect is a false one. Every profile, with escalation and without,
 * must find each kind at the F1 of full decoding (within 0.02); the interval errors are reported per profile and
 * bounded (economy: a few pictures; keyframes: about a GOP). The table it prints is the one in docs/detectors.md.
 */
@Timeout(600)
class DecodeProfileAccuracyTest {

    /** A labelled defect: where it is, and how far from it a detection may start and still be the same defect. */
    record Label(String type, double startSec, double endSec) {}

    record Clip(String name, Path path, List<Label> labels) {}

    record Config(String profile, boolean escalate) {
        String name() {
            return profile + (profile.equals("full") ? "" : escalate ? " + escalation" : " alone");
        }
    }

    /** Per type: matched labels, missed labels, false detections, and the start/end errors of the matches. */
    static final class Score {
        int tp;
        int fn;
        int fp;
        double startError;
        double endError;
        double maxError;

        double f1() {
            return tp == 0 ? (fn == 0 && fp == 0 ? 1 : 0) : 2.0 * tp / (2.0 * tp + fn + fp);
        }

        double meanStartError() {
            return tp == 0 ? 0 : startError / tp;
        }

        double meanEndError() {
            return tp == 0 ? 0 : endError / tp;
        }
    }

    static final List<String> TYPES = List.of("freeze", "black", "silence", "stall", "corruption");
    static final List<Config> CONFIGS = List.of(
            new Config("full", true),
            new Config("economy", true),
            new Config("economy", false),
            new Config("keyframes", true),
            new Config("keyframes", false));

    @TempDir
    static Path dir;

    static List<Clip> clips;
    static Map<Config, Map<String, Score>> scores;

    /** x264 as broadcast encoders set it: two B-frames no picture refers to, a closed GOP every 24 pictures. */
    static final String[] IBBP = ibbp(24);

    /** The same with a closed GOP every {@code gop} pictures. */
    static String[] ibbp(int gop) {
        return new String[] {
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-b:v",
            "2M",
            "-g",
            Integer.toString(gop),
            "-bf",
            "2",
            "-x264-params",
            "b-pyramid=none:scenecut=0:open-gop=0:keyint=" + gop + ":min-keyint=" + gop,
            "-pix_fmt",
            "yuv420p"
        };
    }

    static Path encode(String extension, String video, String audio, double seconds, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio, "-t", Double.toString(seconds), "-ac", "2"));
        args.addAll(List.of(IBBP));
        args.addAll(List.of("-c:a", "aac", "-b:a", "96k"));
        args.addAll(List.of(more));
        args.add("OUT");
        return TestMedia.generateWithX264(extension, args.toArray(String[]::new));
    }

    @BeforeAll
    static void evaluate() throws IOException {
        String tone = "sine=frequency=440:sample_rate=48000,volume=0.5";
        clips = new ArrayList<>();
        // 30 s: freezes of 3 s and 6 s, a 2.6 s black, a 0.8 s black (not a defect: under 2 s), 3 s of silence
        clips.add(new Clip(
                "defects",
                encode(
                        "ts",
                        "testsrc2=size=640x360:rate=25,split=3[a][b][c];[a][b]freezeframes=first=75:last=149:replace=74[x];"
                                + "[x][c]freezeframes=first=350:last=499:replace=349,"
                                + "drawbox=color=black:t=fill:enable='between(t,9,11.56)+between(t,23,23.76)'",
                        tone + ",volume=volume=0:enable='between(t,25,28)'",
                        30,
                        "-f",
                        "mpegts"),
                List.of(
                        new Label("freeze", 3.0, 6.0), new Label("black", 9.0, 11.6),
                        new Label("freeze", 14.0, 20.0), new Label("silence", 25.0, 28.0))));
        // 20 s of a grainy live shot (a small subject moving, light drifting): the grainy picture frozen 5-8 s,
        // black 12-15 s, and live elsewhere (a still picture with fresh grain alone would be a frozen one under
        // downstream grain, docs/accuracy.md)
        clips.add(new Clip(
                "grain",
                encode(
                        "ts",
                        "color=c=0x807060:size=640x360:rate=25[bg];testsrc2=size=64x48:rate=25[s];"
                                + "[bg][s]overlay=x='288+30*sin(2*PI*t/4)':y=156,hue=b='0.15*sin(2*PI*t/3)',"
                                + "noise=alls=8:allf=t,format=yuv420p,split[a][b];"
                                + "[a][b]freezeframes=first=125:last=199:replace=124,"
                                + "drawbox=color=black:t=fill:enable='between(t,12,14.96)'",
                        tone,
                        20,
                        "-f",
                        "mpegts"),
                List.of(new Label("freeze", 5.0, 8.0), new Label("black", 12.0, 15.0))));
        // 12 s of hard negatives: a grainy still live shot (not frozen), a dark moving scene (not black), a 0.4 s fade
        // through black, a quiet passage at about -45 dBFS (not silence)
        clips.add(new Clip(
                "negatives",
                encode(
                        "ts",
                        "testsrc2=size=640x360:rate=25[m];color=c=0x807060:size=640x360:rate=25[bg];"
                                + "testsrc2=size=64x48:rate=25[s];[bg][s]overlay=x='288+30*sin(2*PI*t/4)':y=156,"
                                + "hue=b='0.15*sin(2*PI*t/3)',noise=alls=6:allf=t,format=yuv420p[g];[m][g]overlay=enable='lt(t,6)',format=yuv420p,"
                                + "lutyuv=y='val*0.3':enable='between(t,6,10)',"
                                + "drawbox=color=black:t=fill:enable='between(t,11,11.4)'",
                        tone + ",volume=volume=0.15:enable='between(t,3,9)'",
                        12,
                        "-f",
                        "mpegts"),
                List.of()));
        // 12 s with 3 s missing from the timestamps at 5 s: a stall
        clips.add(new Clip(
                "gap",
                encode(
                        "ts",
                        "testsrc2=size=640x360:rate=25,setpts='if(gte(T,5),PTS+3/TB,PTS)'",
                        tone + ",asetpts='if(gte(T,5),PTS+3/TB,PTS)'",
                        12,
                        "-f",
                        "mpegts"),
                List.of(new Label("stall", 5.0, 8.0))));
        // 16 s with transport packets of the video lost at 4.5 s and 11.2 s: corruption until the next key picture
        Path clean = encode("ts", "testsrc2=size=640x360:rate=25", tone, 16, "-f", "mpegts");
        TsEdit edit = TsEdit.read(clean);
        int video = edit.busiestPid();
        edit.dropRandom(video, 4.5, 4.7, 0.05, 5).dropRandom(video, 11.2, 11.4, 0.05, 6);
        clips.add(new Clip(
                "loss",
                edit.write(dir.resolve("loss.ts")),
                List.of(new Label("corruption", 4.5, 5.0), new Label("corruption", 11.2, 11.5))));

        scores = new LinkedHashMap<>();
        for (Config c : CONFIGS) {
            Map<String, Score> byType = new LinkedHashMap<>();
            TYPES.forEach(t -> byType.put(t, new Score()));
            for (Clip clip : clips) {
                CliRun run = CliRun.analyseDecoded(
                        clip.path(), c.profile(), c.escalate(), "freeze,black,silence,stall,corruption");
                for (String type : TYPES) {
                    score(
                            byType.get(type),
                            clip.labels().stream()
                                    .filter(l -> l.type().equals(type))
                                    .toList(),
                            run.defects(type));
                }
            }
            scores.put(c, byType);
        }
        String table = table();
        System.out.println(table);
        Files.writeString(Path.of("target", "decode-profile-accuracy.md"), table);
    }

    /**
     * A detection matches a label it overlaps (corruption: that starts within 1 s of the loss; its end is the next
     * key picture, not the loss); each label is matched at most once.
     */
    static void score(Score s, List<Label> labels, List<JsonNode> found) {
        List<JsonNode> left = new ArrayList<>(found);
        for (Label l : labels) {
            JsonNode match = null;
            for (JsonNode d : left) {
                double start = d.get("startSec").asDouble();
                double end = d.get("endSec").asDouble();
                boolean hit = l.type().equals("corruption")
                        ? Math.abs(start - l.startSec()) <= 1.0
                        : start < l.endSec() && end > l.startSec();
                if (hit) {
                    match = d;
                    break;
                }
            }
            if (match == null) {
                s.fn++;
                continue;
            }
            left.remove(match);
            s.tp++;
            double ds = Math.abs(match.get("startSec").asDouble() - l.startSec());
            s.startError += ds;
            s.maxError = Math.max(s.maxError, ds);
            if (!l.type().equals("corruption")) {
                double de = Math.abs(match.get("endSec").asDouble() - l.endSec());
                s.endError += de;
                s.maxError = Math.max(s.maxError, de);
            }
        }
        s.fp += left.size();
    }

    static String table() {
        StringBuilder b = new StringBuilder("| profile | ");
        TYPES.forEach(t -> b.append(t).append(" F1 (start / end error, s) | "));
        b.setLength(b.length() - 1);
        b.append("\n|---|").append("---|".repeat(TYPES.size())).append('\n');
        scores.forEach((c, byType) -> {
            b.append("| ").append(c.name()).append(" |");
            byType.forEach((t, s) -> b.append(String.format(
                    Locale.ROOT,
                    " %.2f (%.2f / %s) |",
                    s.f1(),
                    s.meanStartError(),
                    t.equals("corruption") ? "–" : String.format(Locale.ROOT, "%.2f", s.meanEndError()))));
            b.append('\n');
        });
        return b.toString();
    }

    @Test
    void everyProfileFindsEachKindAtTheF1OfFullDecoding() {
        Map<String, Score> full = scores.get(CONFIGS.get(0));
        assertThat(full.values())
                .as("full decoding finds every defect\n%s", table())
                .allSatisfy(s -> assertThat(s.fn).isZero());
        for (Config c : CONFIGS) {
            for (String type : TYPES) {
                assertThat(scores.get(c).get(type).f1())
                        .as("%s %s\n%s", c.name(), type, table())
                        .isGreaterThanOrEqualTo(full.get(type).f1() - 0.02);
            }
        }
    }

    /**
     * Against full decoding's own error (an encoder refining a frozen grainy picture makes even full decoding see
     * the freeze late): economy within a few pictures, keyframes within about one and a half GOPs.
     */
    @Test
    void intervalsAreWithinAFewPicturesInEconomyAndAboutAGopInKeyframes() {
        Map<String, Score> full = scores.get(CONFIGS.get(0));
        for (Config c : CONFIGS) {
            double bound = c.profile().equals("keyframes") ? 1.5 : 0.25;
            for (String type : List.of("freeze", "black", "stall", "corruption")) {
                assertThat(scores.get(c).get(type).maxError)
                        .as("%s %s\n%s", c.name(), type, table())
                        .isLessThanOrEqualTo(full.get(type).maxError + bound);
            }
        }
    }

    /**
     * Keyframes on 2 s GOPs: a 2.5 s freeze holding a single key picture, and a 0.4 s fade through black whose
     * darkest picture is a key picture. Alone, keyframes sees the freeze on one picture only and takes the black key
     * picture for half of each GOP around it; with escalation, the pictures between key pictures shrinking
     * escalates the stream, and the black key picture makes it decode the GOP before it again in full: the freeze
     * is found with full decoding's interval, and the fade is no black.
     */
    @Test
    void keyframesEscalationLooksBackOnTheGopsBetweenKeyPictures() {
        List<String> args = new ArrayList<>(List.of(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25,split[a][b];[a][b]freezeframes=first=115:last=177:replace=114,"
                        + "drawbox=color=black:t=fill:enable='between(t,13.84,14.2)'",
                "-t",
                "20"));
        args.addAll(List.of(ibbp(50)));
        args.addAll(List.of("-f", "mpegts", "OUT"));
        Path clip = TestMedia.generateWithX264("ts", args.toArray(String[]::new));
        Map<String, List<JsonNode>> full = defects(clip, "full", true);
        Map<String, List<JsonNode>> alone = defects(clip, "keyframes", false);
        Map<String, List<JsonNode>> escalated = defects(clip, "keyframes", true);

        assertThat(full.get("freeze")).hasSize(1);
        assertThat(full.get("black")).isEmpty();
        assertThat(alone.get("black"))
                .as("a black key picture spans half of each GOP")
                .hasSize(1);
        assertThat(escalated.get("black")).isEmpty();
        assertThat(escalated.get("freeze")).hasSize(1);
        JsonNode expected = full.get("freeze").get(0);
        JsonNode found = escalated.get("freeze").get(0);
        assertThat(found.get("startSec").asDouble())
                .isCloseTo(expected.get("startSec").asDouble(), org.assertj.core.data.Offset.offset(0.1));
        assertThat(found.get("endSec").asDouble())
                .isCloseTo(expected.get("endSec").asDouble(), org.assertj.core.data.Offset.offset(0.1));
    }

    private static Map<String, List<JsonNode>> defects(Path clip, String profile, boolean escalate) {
        CliRun run = CliRun.analyseDecoded(clip, profile, escalate, "freeze,black");
        return Map.of("freeze", run.defects("freeze"), "black", run.defects("black"));
    }
}
