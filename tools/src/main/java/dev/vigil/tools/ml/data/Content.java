package dev.vigil.tools.ml.data;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Synthetic picture content made by FFmpeg's lavfi sources, with motion so that inter-coded frames carry
 * errors forward as real streams do. Training and evaluation use disjoint sources, so the evaluation
 * measures what the model does on content it has never seen.
 */
public record Content(String name, String graph) {

    /** Training content: the sources the model learns from. */
    static List<Content> training(int w, int h, Random rnd) {
        int seed = rnd.nextInt(1_000_000);
        return List.of(
                new Content("testsrc2", "testsrc2=s=" + w + "x" + h + ":r=25"),
                new Content(
                        "smptehdbars+overlay",
                        "smptehdbars=s=" + w + "x" + h + ":r=25[b];testsrc2=s="
                                + (w / 3) + "x" + (h / 3) + ":r=25[o];[b][o]overlay=x='mod(t*" + (80 + rnd.nextInt(120))
                                + "\\," + (w - w / 3) + ")':y='" + (h / 4) + "+" + (h / 6) + "*sin(t*2)'"),
                new Content(
                        "mandelbrot",
                        "mandelbrot=s=" + w + "x" + h + ":r=25:start_scale=" + fmt(1 + rnd.nextDouble() * 2)
                                + ":end_scale=0.1"),
                new Content(
                        "life",
                        "life=s=" + (w / 4) + "x" + (h / 4) + ":r=25:seed=" + seed
                                + ":mold=10:ratio=0.2:life_color=#" + colour(rnd) + ":death_color=#" + colour(rnd)
                                + ",scale=" + w + ":" + h + ":flags=neighbor"),
                new Content(
                        "cellauto",
                        "cellauto=s=" + (w / 2) + "x" + (h / 2) + ":r=25:seed=" + seed + ":rule="
                                + (new int[] {18, 30, 110, 150})[rnd.nextInt(4)] + ":scroll=1,scale=" + w + ":" + h),
                new Content("gradients", "gradients=s=" + w + "x" + h + ":r=25:seed=" + seed + ":speed=0.03"),
                new Content(
                        "gradients+noise",
                        "gradients=s=" + w + "x" + h + ":r=25:seed=" + (seed + 1) + ":speed=0.02,noise=alls="
                                + (6 + rnd.nextInt(12)) + ":allf=t"));
    }

    /** Held-out content for tuning and evaluation: none of it appears in training. */
    static List<Content> heldOut(int w, int h, Random rnd) {
        int seed = rnd.nextInt(1_000_000);
        return List.of(
                new Content("testsrc", "testsrc=s=" + w + "x" + h + ":r=25"),
                new Content(
                        "sierpinski",
                        "sierpinski=s=" + w + "x" + h + ":r=25:seed=" + seed + ":jump=" + (20 + rnd.nextInt(60))),
                new Content(
                        "colorspectrum+overlay",
                        "colorspectrum=s=" + w + "x" + h + ":r=25:type=all[b];rgbtestsrc=s="
                                + (w / 4) + "x" + (h / 4) + ":r=25[o];[b][o]overlay=x='mod(t*" + (60 + rnd.nextInt(120))
                                + "\\," + (w - w / 4) + ")':y='mod(t*" + (30 + rnd.nextInt(60)) + "\\," + (h - h / 4)
                                + ")'"),
                new Content(
                        "perlin",
                        "perlin=s=" + w + "x" + h + ":r=25:seed=" + seed + ":octaves=" + (2 + rnd.nextInt(3))
                                + ":tscale=" + fmt(0.5 + rnd.nextDouble())),
                new Content(
                        "pal100bars+zoneplate",
                        "pal100bars=s=" + w + "x" + h + ":r=25[b];zoneplate=s=" + (w / 3) + "x"
                                + (h / 3) + ":r=25:kt2=" + (2 + rnd.nextInt(6)) + ":kx2=" + (50 + rnd.nextInt(100))
                                + ":ky2=" + (50 + rnd.nextInt(100)) + "[o];[b][o]overlay=x='" + (w / 3) + "+" + (w / 4)
                                + "*sin(t)':y=" + (h / 3)));
    }

    private static String colour(Random rnd) {
        return String.format(Locale.ROOT, "%06X", rnd.nextInt(0x1000000));
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }
}
