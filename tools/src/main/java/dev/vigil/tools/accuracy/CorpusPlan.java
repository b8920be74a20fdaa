package dev.vigil.tools.accuracy;

import dev.vigil.tools.accuracy.Clip.AudioCodec;
import dev.vigil.tools.accuracy.Clip.AudioContent;
import dev.vigil.tools.accuracy.Clip.AudioEvent;
import dev.vigil.tools.accuracy.Clip.AudioEventKind;
import dev.vigil.tools.accuracy.Clip.Content;
import dev.vigil.tools.accuracy.Clip.Graphics;
import dev.vigil.tools.accuracy.Clip.VideoCodec;
import dev.vigil.tools.accuracy.Clip.VideoEvent;
import dev.vigil.tools.accuracy.Clip.VideoEventKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The labelled corpus: which clips a split has. Every split is the same design — defect kinds × content kinds ×
 * codecs, with hard negatives — drawn from its own seed: the timing and length of every event, the content's
 * colours, speeds and positions, grain strengths, the audio and the codecs all differ between splits.
 *
 * <ul>
 * <li>{@code dev} (seed 1): the part detectors and FFmpeg's thresholds were tuned on.</li>
 * <li>{@code dev2} (seed 2): the first held-out part; it showed the blockiness detector's failures, and the revised
 * detector was tuned on it and {@code dev} together, so it is development data now.</li>
 * <li>{@code dev3} (seed 5): development data for the decode profiles, whose misses are rare events (a freeze
 * under grain between key pictures): more of them to look at without looking at {@code eval}.</li>
 * <li>{@code gop1} (seed 6): the same design with H.264 encoded with an IDR picture every second instead of every
 * two (MPEG-2 and HEVC as elsewhere), for keyframes decoding, which decodes every other key picture of such streams.
 * Its variants were chosen on this split: development data.</li>
 * <li>{@code eval} (seed 4): the part that is only ever measured, never tuned on.</li>
 * <li>{@code smoke} (seed 3): eleven short clips made with the bundled FFmpeg only, run by the tools module's
 * tests as a regression floor.</li>
 * </ul>
 */
public final class CorpusPlan {

    public static final List<String> SPLITS = List.of("dev", "dev2", "dev3", "gop1", "eval", "smoke");

    private static final double FPS = 25;

    private final String split;
    private final Random random;
    private final boolean bundledOnly;
    /** H.264 with an IDR picture every second. */
    private final boolean shortGop;

    private final double duration;
    private final List<Clip> clips = new ArrayList<>();
    private final List<AudioPlan> audio = new ArrayList<>();
    private int next;

    private record AudioPlan(AudioContent content, AudioEventKind event) {}

    private CorpusPlan(String split, long seed, boolean bundledOnly, double duration) {
        this.split = split;
        this.shortGop = split.equals("gop1");
        this.random = new Random(seed);
        this.bundledOnly = bundledOnly;
        this.duration = duration;
    }

    /** The clips of a split, in a fixed order. */
    public static List<Clip> clips(String split) {
        return switch (split) {
            case "dev" -> full("dev", 1);
            case "dev2" -> full("dev2", 2);
            case "dev3" -> full("dev3", 5);
            case "gop1" -> full("gop1", 6);
            case "eval" -> full("eval", 4);
            case "smoke" -> smoke();
            default -> throw new IllegalArgumentException("unknown split '" + split + "' (known: " + SPLITS + ")");
        };
    }

    private static List<Clip> full(String split, long seed) {
        CorpusPlan p = new CorpusPlan(split, seed, false, 10);
        p.audio(AudioContent.MUSIC, AudioEventKind.NONE, 14);
        p.audio(AudioContent.MUSIC, AudioEventKind.SILENCE, 8);
        p.audio(AudioContent.MUSIC, AudioEventKind.CLIPPING, 12);
        p.audio(AudioContent.LOUD_MASTER, AudioEventKind.NONE, 14);
        p.audio(AudioContent.LOUD_MASTER, AudioEventKind.CLIPPING, 8);
        p.audio(AudioContent.LOUD_MASTER, AudioEventKind.SILENCE, 2);
        p.audio(AudioContent.TONE, AudioEventKind.NONE, 4);
        p.audio(AudioContent.TONE, AudioEventKind.CLIPPING, 4);
        p.audio(AudioContent.QUIET_PASSAGE, AudioEventKind.NONE, 8);
        p.audio(AudioContent.QUIET_PASSAGE, AudioEventKind.SILENCE, 6);
        Collections.shuffle(p.audio, p.random);

        Graphics[] anyGraphics = Graphics.values();
        // freezes: of the programme, under a live graphics layer, under downstream grain, short ones
        p.add(4, List.of(Content.SPORTS), anyGraphics, 0.3, VideoEventKind.FREEZE, 2.5, 5);
        p.add(3, List.of(Content.FILM), anyGraphics, 0.3, VideoEventKind.FREEZE, 2.5, 5);
        p.add(3, List.of(Content.NEWS), new Graphics[] {Graphics.LIVE}, 0.3, VideoEventKind.FREEZE, 2.5, 5);
        p.add(2, List.of(Content.PAN), anyGraphics, 0.0, VideoEventKind.FREEZE, 2.5, 5);
        p.add(2, List.of(Content.DARK), anyGraphics, 0.0, VideoEventKind.FREEZE, 2.5, 5);
        p.add(3, List.of(Content.SPORTS, Content.FILM), anyGraphics, 1.0, VideoEventKind.FREEZE, 2.5, 5);
        p.add(
                4,
                List.of(Content.SPORTS, Content.FILM, Content.NEWS),
                anyGraphics,
                0.3,
                VideoEventKind.FREEZE,
                1.0,
                1.8);
        // black: plain, under a logo, under live graphics, short cuts to black
        p.add(
                3,
                List.of(Content.SPORTS, Content.FILM, Content.DARK),
                new Graphics[] {Graphics.NONE},
                0.2,
                VideoEventKind.BLACK,
                2.2,
                4);
        p.add(
                3,
                List.of(Content.SPORTS, Content.FILM, Content.DARK),
                new Graphics[] {Graphics.LOGO},
                0.2,
                VideoEventKind.BLACK,
                2.2,
                4);
        p.add(2, List.of(Content.NEWS), new Graphics[] {Graphics.LIVE}, 0.0, VideoEventKind.BLACK, 2.2, 4);
        p.add(4, List.of(Content.SPORTS, Content.FILM, Content.NEWS), anyGraphics, 0.0, VideoEventKind.BLACK, 1.0, 1.8);
        // blockiness: a badly compressed stretch of otherwise clean content
        p.add(4, List.of(Content.FILM), anyGraphics, 0.0, VideoEventKind.BLOCKY, 2, 4);
        p.add(3, List.of(Content.NEWS), new Graphics[] {Graphics.LIVE}, 0.0, VideoEventKind.BLOCKY, 2, 4);
        p.add(3, List.of(Content.PAN), anyGraphics, 0.0, VideoEventKind.BLOCKY, 2, 4);
        // hard negatives
        p.add(4, List.of(Content.NEWS), new Graphics[] {Graphics.LIVE}, 0.3, VideoEventKind.NONE, 0, 0);
        p.add(4, List.of(Content.STILL_LIVE), anyGraphics, 0.0, VideoEventKind.NONE, 0, 0);
        p.add(3, List.of(Content.PAN), anyGraphics, 0.3, VideoEventKind.NONE, 0, 0);
        p.add(3, List.of(Content.DARK), anyGraphics, 0.3, VideoEventKind.NONE, 0, 0);
        p.add(3, List.of(Content.FILM), anyGraphics, 0.5, VideoEventKind.NONE, 0, 0);
        p.add(3, List.of(Content.SPORTS), anyGraphics, 0.5, VideoEventKind.NONE, 0, 0);
        p.add(
                4,
                List.of(Content.PIXEL_ART),
                new Graphics[] {Graphics.NONE, Graphics.LOGO},
                0.0,
                VideoEventKind.NONE,
                0,
                0);
        p.add(
                3,
                List.of(Content.UPSCALED),
                new Graphics[] {Graphics.NONE, Graphics.LOGO},
                0.0,
                VideoEventKind.NONE,
                0,
                0);
        p.add(3, List.of(Content.MOSAIC), anyGraphics, 0.0, VideoEventKind.NONE, 0, 0);
        p.add(4, List.of(Content.SPORTS, Content.FILM, Content.NEWS), anyGraphics, 0.0, VideoEventKind.FADE, 0, 0.4);
        p.add(3, List.of(Content.SPORTS, Content.NEWS), anyGraphics, 0.0, VideoEventKind.CUT, 0.08, 0.48);
        return List.copyOf(p.clips);
    }

    private static List<Clip> smoke() {
        CorpusPlan p = new CorpusPlan("smoke", 3, true, 6);
        p.audio(AudioContent.MUSIC, AudioEventKind.CLIPPING, 3);
        p.audio(AudioContent.LOUD_MASTER, AudioEventKind.NONE, 3);
        p.audio(AudioContent.MUSIC, AudioEventKind.SILENCE, 2);
        p.audio(AudioContent.LOUD_MASTER, AudioEventKind.CLIPPING, 2);
        p.audio(AudioContent.QUIET_PASSAGE, AudioEventKind.NONE, 2);
        Collections.shuffle(p.audio, p.random);
        Graphics[] live = {Graphics.LIVE};
        p.add(1, List.of(Content.SPORTS), live, 0.0, VideoEventKind.FREEZE, 2.5, 3);
        p.add(1, List.of(Content.FILM), new Graphics[] {Graphics.LOGO}, 1.0, VideoEventKind.FREEZE, 2.5, 3);
        p.add(1, List.of(Content.SPORTS), new Graphics[] {Graphics.LOGO}, 0.0, VideoEventKind.BLACK, 2.2, 3);
        p.add(1, List.of(Content.NEWS), live, 0.0, VideoEventKind.BLACK, 1.0, 1.6);
        p.add(2, List.of(Content.FILM), new Graphics[] {Graphics.NONE}, 0.0, VideoEventKind.BLOCKY, 2, 2.5);
        p.add(1, List.of(Content.NEWS), live, 0.0, VideoEventKind.NONE, 0, 0);
        p.add(1, List.of(Content.STILL_LIVE), new Graphics[] {Graphics.NONE}, 0.0, VideoEventKind.NONE, 0, 0);
        p.add(1, List.of(Content.PIXEL_ART), new Graphics[] {Graphics.NONE}, 0.0, VideoEventKind.NONE, 0, 0);
        p.add(1, List.of(Content.UPSCALED), new Graphics[] {Graphics.NONE}, 0.0, VideoEventKind.NONE, 0, 0);
        p.add(1, List.of(Content.SPORTS), new Graphics[] {Graphics.LOGO}, 0.0, VideoEventKind.FADE, 0, 0.3);
        return List.copyOf(p.clips);
    }

    private void audio(AudioContent content, AudioEventKind event, int count) {
        for (int i = 0; i < count; i++) {
            audio.add(new AudioPlan(content, event));
        }
    }

    /**
     * Adds {@code count} clips of one scenario.
     *
     * @param grainChance chance of fresh downstream grain over the whole clip
     * @param minSec      shortest event (for FADE and CUT: the shortest black hold)
     */
    private void add(
            int count,
            List<Content> contents,
            Graphics[] graphics,
            double grainChance,
            VideoEventKind kind,
            double minSec,
            double maxSec) {
        for (int i = 0; i < count; i++) {
            Content content = contents.get(i % contents.size());
            Graphics g = content == Content.NEWS ? Graphics.LIVE : graphics[random.nextInt(graphics.length)];
            double grain = random.nextDouble() < grainChance ? 3 + random.nextInt(5) : 0;
            boolean large = !bundledOnly && random.nextDouble() < 0.15;
            VideoCodec videoCodec = videoCodec();
            int width = large && videoCodec != VideoCodec.X265 ? 1280 : 640;
            int height = width * 9 / 16;
            VideoEvent video = videoEvent(kind, minSec, maxSec);
            AudioPlan plan = audio.isEmpty()
                    ? new AudioPlan(AudioContent.MUSIC, AudioEventKind.NONE)
                    : audio.get(next % audio.size());
            AudioEvent audioEvent = audioEvent(plan.event(), plan.content());
            AudioCodec audioCodec = AudioCodec.values()[next % AudioCodec.values().length];
            String id = String.format(Locale.ROOT, "%s-%03d", split, next);
            clips.add(new Clip(
                    id,
                    split,
                    random.nextLong(),
                    width,
                    height,
                    duration,
                    content,
                    g,
                    grain,
                    video,
                    plan.content(),
                    audioEvent,
                    videoCodec,
                    audioCodec));
            next++;
        }
    }

    private VideoCodec videoCodec() {
        double r = random.nextDouble();
        if (bundledOnly) {
            return r < 0.6 ? VideoCodec.OPENH264 : VideoCodec.MPEG2;
        }
        if (r < 0.35) {
            return shortGop ? VideoCodec.OPENH264_GOP1 : VideoCodec.OPENH264;
        }
        if (r >= 0.6 && r < 0.88) {
            return shortGop ? VideoCodec.X264_GOP1 : VideoCodec.X264;
        }
        return r < 0.6 ? VideoCodec.MPEG2 : VideoCodec.X265;
    }

    private VideoEvent videoEvent(VideoEventKind kind, double minSec, double maxSec) {
        return switch (kind) {
            case NONE -> VideoEvent.NONE;
            case FADE -> {
                // out 0.5 s, black for the hold, in 0.5 s: the event is the whole dip
                double hold = frames(minSec + random.nextDouble() * (maxSec - minSec));
                double start = frames(2 + random.nextDouble() * (duration - 4 - 1 - hold));
                yield new VideoEvent(kind, start, start + 1 + hold, hold);
            }
            default -> {
                double length = frames(minSec + random.nextDouble() * (maxSec - minSec));
                double start = frames(2 + random.nextDouble() * (duration - 3.5 - length));
                double quantiser = 24 + random.nextInt(8);
                yield new VideoEvent(kind, start, start + length, kind == VideoEventKind.BLOCKY ? quantiser : 0);
            }
        };
    }

    private AudioEvent audioEvent(AudioEventKind kind, AudioContent content) {
        if (kind == AudioEventKind.NONE) {
            return AudioEvent.NONE;
        }
        double length = kind == AudioEventKind.SILENCE ? 2.5 + random.nextDouble() * 2 : 1 + random.nextDouble() * 2.5;
        length = Math.min(length, duration - 3.5);
        double start = Math.round((1.5 + random.nextDouble() * (duration - 3 - length)) * 100) / 100.0;
        length = Math.round(length * 100) / 100.0;
        // how far the programme's peaks are driven over full scale
        double overDb = kind == AudioEventKind.CLIPPING ? 6 + random.nextInt(9) : 0;
        return new AudioEvent(kind, start, start + length, overDb);
    }

    /** Rounded to whole frames. */
    private static double frames(double sec) {
        return Math.round(sec * FPS) / FPS;
    }
}
