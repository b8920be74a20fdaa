package dev.vigil.tools.accuracy;

import dev.vigil.tools.accuracy.Clip.AudioContent;
import dev.vigil.tools.accuracy.Clip.AudioEventKind;
import dev.vigil.tools.accuracy.Clip.Graphics;
import java.util.Locale;
import java.util.Random;

/**
 * The FFmpeg filter graphs of one {@link Clip}, built from lavfi sources only: the picture (programme, its
 * defects, the channel's graphics, downstream grain) ending in {@code [v]}, and the sound ending in {@code [a]}.
 * Both are deterministic: every source that draws random numbers is given a seed from the clip's.
 */
final class ClipGraph {

    static final int FPS = 25;
    static final int SAMPLE_RATE = 48000;

    /** Peak of {@link AudioContent#MUSIC} (the sum of its parts' amplitudes), dBFS. */
    private static final double MUSIC_PEAK_DB = 20 * Math.log10(0.52);
    /** Peak of the limited master and of the line-up tone, dBFS. */
    private static final double MASTER_PEAK_DB = -1.0;

    private static final double TONE_PEAK_DB = -18.0;

    /** gradients types with colour all over the picture (linear and radial ones can leave most of it flat). */
    private static final String[] GRADIENTS = {"circular", "spiral"};

    private final Clip clip;
    private final int w;
    private final int h;

    ClipGraph(Clip clip) {
        this.clip = clip;
        this.w = clip.width();
        this.h = clip.height();
    }

    /** The picture, ending in {@code [v]} (yuv420p, 25 fps). */
    String video() {
        Random r = new Random(clip.seed());
        StringBuilder g = new StringBuilder();
        g.append(programme(r)).append("[p0];");
        String last = "p0";
        Clip.VideoEvent e = clip.video();
        switch (e.kind()) {
            case FREEZE -> {
                long first = Math.round(e.startSec() * FPS);
                long lastFrame = Math.round(e.endSec() * FPS) - 1;
                g.append(f(
                        "[p0]split[fa][fb];[fa][fb]freezeframes=first=%d:last=%d:replace=%d[p1];",
                        first, lastFrame, first - 1));
                last = "p1";
            }
            case BLACK, CUT -> {
                g.append(f(
                        "[p0]drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='between(t,%.3f,%.3f)'[p1];",
                        e.startSec() - 0.01, e.endSec() - 0.03));
                last = "p1";
            }
            case FADE -> {
                double hold = e.param();
                double s = e.startSec();
                g.append(f(
                        "[p0]fade=t=out:st=%.3f:d=0.5:enable='between(t,%.3f,%.3f)',"
                                + "fade=t=in:st=%.3f:d=0.5:enable='between(t,%.3f,%.3f)'[p1];",
                        s, s - 0.01, s + 0.5 + hold, s + 0.5 + hold, s + 0.5 + hold + 0.01, s + 1 + hold + 0.01));
                last = "p1";
            }
            default -> {}
        }
        last = graphics(g, last, r);
        g.append('[').append(last).append(']').append("format=yuv420p");
        if (clip.grain() > 0) {
            g.append(f(",noise=alls=%d:allf=t:all_seed=%d", Math.round(clip.grain()), 1 + r.nextInt(100000)));
        }
        g.append("[v]");
        return g.toString();
    }

    private String programme(Random r) {
        return switch (clip.content()) {
            case SPORTS -> f("testsrc2=size=%dx%d:rate=%d,hue=h=%d", w, h, FPS, r.nextInt(360));
            case NEWS -> news(r);
            case FILM -> {
                double speed = 0.02 + r.nextDouble() * 0.06;
                int n = 5 + r.nextInt(4);
                String g = gradients(w, h, n, r.nextInt(100000), GRADIENTS[r.nextInt(GRADIENTS.length)]);
                yield g
                        + f(
                                ":speed=%.3f,format=yuv420p,noise=alls=%d:allf=t:all_seed=%d",
                                speed, 4 + r.nextInt(7), 1 + r.nextInt(100000));
            }
            case PAN -> {
                int speed = 6 + r.nextInt(15);
                yield still(2 * w, h, r) + f(",crop=%d:%d:x='min(t*%d,%d)':y=0", w, h, speed, w);
            }
            case STILL_LIVE -> stillLive(r);
            case DARK -> {
                String scene = r.nextBoolean()
                        ? f("testsrc2=size=%dx%d:rate=%d", w, h, FPS)
                        : f("mandelbrot=size=%dx%d:rate=%d,format=yuv420p", w, h, FPS);
                yield scene + f(",format=yuv420p,lutyuv=y='16+(val-16)*%.3f'", 0.2 + r.nextDouble() * 0.1);
            }
            case PIXEL_ART -> pixelArt(r);
            case UPSCALED -> {
                int block = new int[] {4, 8, 16}[r.nextInt(3)];
                yield f(
                        "testsrc2=size=%dx%d:rate=%d,hue=h=%d,scale=iw*%d:ih*%d:flags=neighbor,crop=%d:%d:0:0",
                        ceil(w, block), ceil(h, block), FPS, r.nextInt(360), block, block, w, h);
            }
            case MOSAIC -> mosaic(r);
        };
    }

    /**
     * FFmpeg's {@code gradients} source with its colours and end points drawn from {@code seed}: left to itself it
     * picks them at random on every run, whatever its own {@code seed} option says, and the corpus must be the same
     * on every machine.
     */
    private static String gradients(int width, int height, int n, int seed, String type) {
        Random g = new Random(seed);
        StringBuilder b = new StringBuilder(
                f("gradients=size=%dx%d:rate=%d:n=%d:seed=%d:type=%s", width, height, FPS, n, seed, type));
        for (int i = 0; i < n; i++) {
            b.append(f(":c%d=0x%06x", i, g.nextInt(0x1000000)));
        }
        b.append(f(
                ":x0=%d:y0=%d:x1=%d:y1=%d", g.nextInt(width), g.nextInt(height), g.nextInt(width), g.nextInt(height)));
        return b.toString();
    }

    /** A still picture of {@code width}×{@code height}: bars, a gradient or a fractal, rendered once and repeated. */
    private String still(int width, int height, Random r) {
        String once = switch (r.nextInt(4)) {
            case 0 ->
                f("smptehdbars=size=%dx%d:rate=%d,format=yuv420p,gblur=sigma=%d", width, height, FPS, 1 + r.nextInt(3));
            case 1 -> {
                int n = 5 + r.nextInt(4);
                yield gradients(width, height, n, r.nextInt(100000), GRADIENTS[r.nextInt(GRADIENTS.length)])
                        + ",format=yuv420p";
            }
            case 2 -> f("testsrc=size=%dx%d:rate=%d,format=yuv420p,gblur=sigma=1", width, height, FPS);
            default ->
                f(
                        "mandelbrot=size=%dx%d:rate=%d:start_scale=%.2f:end_scale=%.2f,format=yuv420p",
                        width, height, FPS, 1.5 + r.nextDouble(), 1.5 + r.nextDouble());
        };
        return once + f(",trim=end_frame=1,loop=loop=-1:size=1,setpts=N/%d/TB", FPS);
    }

    /** A studio background, a presenter (a moving picture of 2-30% of the width) and live graphics. */
    private String news(Random r) {
        int pw = even(w * (0.08 + r.nextDouble() * 0.22));
        int ph = even(h * (0.2 + r.nextDouble() * 0.45));
        int x = even((w - pw) / 2.0 + (r.nextDouble() - 0.5) * w * 0.2);
        int y = even(h * 0.2);
        return still(w, h, r) + "[bg];"
                + f("testsrc2=size=%dx%d:rate=%d,hue=h=%d[presenter];", pw, ph, FPS, r.nextInt(360))
                + f(
                        "[bg][presenter]overlay=x='%d+%d*sin(2*PI*t*%.2f)':y='%d+%d*sin(2*PI*t*%.2f)'",
                        x,
                        2 + r.nextInt(10),
                        0.2 + r.nextDouble() * 0.5,
                        y,
                        1 + r.nextInt(4),
                        0.3 + r.nextDouble() * 0.5);
    }

    /** A still shot with fresh grain, a small subject moving and light drifting: a live camera, not a freeze. */
    private String stillLive(Random r) {
        int sw = even(w * (0.06 + r.nextDouble() * 0.06));
        int sh = even(h * (0.1 + r.nextDouble() * 0.1));
        int x = even(w * (0.3 + r.nextDouble() * 0.3));
        int y = even(h * (0.3 + r.nextDouble() * 0.3));
        return still(w, h, r) + "[bg];"
                + f("testsrc2=size=%dx%d:rate=%d,hue=h=%d[subject];", sw, sh, FPS, r.nextInt(360))
                + f(
                        "[bg][subject]overlay=x='%d+%d*sin(2*PI*t/%.2f)':y=%d,",
                        x, 10 + r.nextInt(30), 3 + r.nextDouble() * 4, y)
                + f(
                        "hue=b='%.3f*sin(2*PI*t/%.2f)',noise=alls=%d:allf=t:all_seed=%d",
                        0.12 + r.nextDouble() * 0.13, 2 + r.nextDouble() * 4, 3 + r.nextInt(6), 1 + r.nextInt(100000));
    }

    private String pixelArt(Random r) {
        int block = r.nextBoolean() ? 8 : 16;
        int cw = ceil(w, block);
        int ch = ceil(h, block);
        String art = r.nextBoolean()
                ? f(
                        "life=size=%dx%d:rate=%d:seed=%d:mold=%d:life_color=#%06X:death_color=#%06X:mold_color=#%06X",
                        cw,
                        ch,
                        4 + r.nextInt(8),
                        r.nextInt(100000),
                        r.nextInt(30),
                        r.nextInt(0x1000000),
                        r.nextInt(0x1000000),
                        r.nextInt(0x1000000))
                : f(
                        "cellauto=size=%dx%d:rate=%d:rule=%d:seed=%d:scroll=1:random_fill_ratio=0.5,format=yuv420p,"
                                + "lutyuv=y='40+val*0.6'",
                        cw, ch, 4 + r.nextInt(8), new int[] {18, 30, 90, 110, 150}[r.nextInt(5)], r.nextInt(100000));
        return art + f(",fps=%d,scale=iw*%d:ih*%d:flags=neighbor,crop=%d:%d:0:0", FPS, block, block, w, h);
    }

    private String mosaic(Random r) {
        int block = new int[] {8, 16, 32}[r.nextInt(3)];
        String base = r.nextBoolean()
                ? f("testsrc2=size=%dx%d:rate=%d", w, h, FPS)
                : f("mandelbrot=size=%dx%d:rate=%d,format=yuv420p", w, h, FPS);
        if (r.nextBoolean()) {
            return base + f(",format=yuv420p,pixelize=width=%d:height=%d", block, block);
        }
        // a region (a face, a number plate) pixelated, on the coding grid
        int rw = 8 * (int) Math.round(w * 0.3 / 8);
        int rh = 8 * (int) Math.round(h * 0.4 / 8);
        int x = 8 * (int) Math.round(w * (0.2 + r.nextDouble() * 0.3) / 8);
        int y = 8 * (int) Math.round(h * (0.2 + r.nextDouble() * 0.2) / 8);
        return base
                + f(
                        ",format=yuv420p,split[m0][m1];[m1]crop=%d:%d:%d:%d,pixelize=width=%d:height=%d[m2];"
                                + "[m0][m2]overlay=%d:%d",
                        rw, rh, x, y, block, block, x, y);
    }

    /** Draws the channel's graphics over {@code [in]}; returns the label of the result. */
    private String graphics(StringBuilder g, String in, Random r) {
        if (clip.graphics() == Graphics.LOGO) {
            int lw = even(w / 10.0);
            int lh = even(h / 10.0);
            g.append(f(
                    "smptebars=size=%dx%d:rate=%d[logo];[%s][logo]overlay=x=%d:y=%d[g1];",
                    lw, lh, FPS, in, w - lw - w / 20, h / 20));
            return "g1";
        }
        if (clip.graphics() == Graphics.LIVE) {
            int th = even(h * 0.08);
            int cw = even(w / 10.0);
            int ch = even(h / 14.0);
            int b = even(w / 14.0);
            g.append(f(
                    "testsrc=size=%dx%d:rate=%d,crop=%d:%d:x='mod(t*%d,%d)':y=0[ticker];",
                    2 * w, th, FPS, w, th, 60 + r.nextInt(100), w));
            g.append(f("testsrc=size=%dx%d:rate=1,fps=%d[clock];", cw, ch, FPS));
            g.append(f("testsrc2=size=%dx%d:rate=%d[bug];", b, b, FPS));
            g.append(f("[%s][ticker]overlay=x=0:y=%d[g1];", in, h - th - h / 40));
            g.append(f("[g1][clock]overlay=x=%d:y=%d[g2];", w - cw - w / 20, h / 24));
            g.append(f("[g2][bug]overlay=x=%d:y=%d[g3];", w / 24, h / 24));
            return "g3";
        }
        return in;
    }

    /** The sound, ending in {@code [a]} (stereo float at 48 kHz). */
    String audio() {
        Random r = new Random(clip.seed() ^ 0x5DEECE66DL);
        StringBuilder g = new StringBuilder();
        Clip.AudioEvent e = clip.audioEvent();
        double peakDb = switch (clip.audio()) {
            case MUSIC, QUIET_PASSAGE -> {
                g.append(music(r));
                yield MUSIC_PEAK_DB;
            }
            case LOUD_MASTER -> {
                g.append(music(r))
                        .append(f(
                                ",volume=%ddB,alimiter=limit=0.891:attack=5:release=50:level=false", 8 + r.nextInt(5)));
                yield MASTER_PEAK_DB;
            }
            case TONE -> {
                int freq = r.nextBoolean() ? 440 : 1000;
                g.append(f("aevalsrc='0.126*sin(2*PI*%d*t)|0.126*sin(2*PI*%d*t)':s=%d", freq, freq, SAMPLE_RATE));
                yield TONE_PEAK_DB;
            }
        };
        if (clip.audio() == AudioContent.QUIET_PASSAGE) {
            // three seconds at about -35 dB, away from the event
            double q = e.kind() == AudioEventKind.NONE || e.startSec() > 5 ? 1 : clip.durationSec() - 4;
            g.append(f(",volume=0.018:enable='between(t,%.2f,%.2f)'", q, q + 3));
        }
        if (e.kind() == AudioEventKind.SILENCE) {
            g.append(f(",volume=0:enable='between(t,%.2f,%.2f)'", e.startSec(), e.endSec()));
        } else if (e.kind() == AudioEventKind.CLIPPING) {
            // a gain error upstream of the encoder: the peaks driven e.param() dB over full scale and cut there
            g.append(f(
                    ",volume=%.1fdB:enable='between(t,%.2f,%.2f)',asoftclip=type=hard",
                    e.param() - peakDb, e.startSec(), e.endSec()));
        }
        g.append(",aformat=sample_fmts=flt:channel_layouts=stereo[a]");
        return g.toString();
    }

    /** Tones with vibrato and tremolo, a gated melody and drum-like noise bursts; peaks near -6 dBFS. */
    private String music(Random r) {
        double f1 = 80 + r.nextInt(80);
        double f2 = 180 + r.nextInt(220);
        double f3 = 500 + r.nextInt(700);
        double tempo = 1.5 + r.nextDouble();
        String[] ch = new String[2];
        for (int c = 0; c < 2; c++) {
            ch[c] = f(
                    "0.2*sin(2*PI*%.1f*t)*(0.6+0.4*sin(2*PI*%.2f*t))+0.12*sin(2*PI*%.1f*t+2*sin(2*PI*%.2f*t))"
                            + "+0.06*sin(2*PI*%.1f*t)*lt(mod(t*%.3f,1),0.5)+0.14*(2*random(%d)-1)*exp(-18*mod(t*%.3f+%.1f,1))",
                    f1, 0.3 + 0.2 * c, f2 * (1 + 0.5 * c), 4.0 + c, f3, tempo, c, tempo, 0.5 * c);
        }
        return f("aevalsrc='%s|%s':s=%d", ch[0], ch[1], SAMPLE_RATE);
    }

    private static int even(double v) {
        return 2 * (int) Math.round(v / 2);
    }

    /** Cells of {@code block} pixels that cover {@code size}, rounded up to even (sources want even sizes). */
    private static int ceil(int size, int block) {
        return ((size + block - 1) / block + 1) & ~1;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
