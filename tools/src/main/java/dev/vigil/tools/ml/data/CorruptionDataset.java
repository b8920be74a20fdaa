package dev.vigil.tools.ml.data;

import dev.vigil.worker.ffmpeg.BundledFfmpeg;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Generates labelled frames for the block-corruption model with the bundled FFmpeg: synthetic content
 * ({@link Content}) encoded cleanly, then damaged ({@link Damage}); every damaged frame is compared with the
 * clean decode of the same frame ({@link FrameLabel}). Clean frames come from the clean decode, corrupt ones
 * from the damaged decode; ambiguous frames are left out. Everything is single-threaded and seeded, so the
 * same split and seed give the same frames.
 */
public final class CorruptionDataset {

    /** Which content and which resolutions. */
    public enum Split {
        /** Training content, for fitting the model. */
        TRAIN,
        /** Training content with other seeds: picking thresholds (model, blockdetect, blockiness). */
        TUNE,
        /** Held-out content and seeds: the figures in the model card. */
        EVAL
    }

    static final int FPS = 25;
    /** Corrupt if at least this share of 16×16 blocks differ visibly (0.5 %: 18 blocks at 720p). */
    static final double MIN_BAD_SHARE = 0.005;
    /** Heavy quantisation changes every block a little: corrupt only when a fifth of them differ clearly. */
    static final double MIN_BAD_SHARE_QUANTISED = 0.2;

    private final Split split;
    private final long seed;
    private final int repeats;
    private final double seconds;
    private final int cleanEvery;
    private final int corruptEvery;
    private final Path workDir;
    private Path cacheDir;
    private Predicate<Clip> only = clip -> true;

    /**
     * @param repeats      how many clips per (content, damage) pair
     * @param seconds      length of each clip
     * @param cleanEvery   keep every n-th clean frame
     * @param corruptEvery keep every n-th corrupt frame
     */
    public CorruptionDataset(
            Split split, long seed, int repeats, double seconds, int cleanEvery, int corruptEvery, Path workDir) {
        this.split = split;
        this.seed = seed;
        this.repeats = repeats;
        this.seconds = seconds;
        this.cleanEvery = cleanEvery;
        this.corruptEvery = corruptEvery;
        this.workDir = workDir;
    }

    /**
     * Keeps every clip's kept frames under {@code dir} and reads them back on the next run instead of
     * generating them again (the benchmark scores the same frames with several detectors and models).
     */
    public CorruptionDataset cachedIn(Path dir) {
        this.cacheDir = dir;
        return this;
    }

    /**
     * Only the clips {@code which} accepts: the same clips, seeds and frames as in the whole split (a subset is
     * picked from the full list, it does not shift the random sequence), for short regression checks.
     */
    public CorruptionDataset only(Predicate<Clip> which) {
        this.only = which;
        return this;
    }

    /** The clips of this split (those {@link #only} accepts), in generation order. */
    public List<Clip> clips() {
        Random rnd = new Random(seed * 1_000_003L + split.ordinal());
        List<Clip> clips = new ArrayList<>();
        int n = 0;
        for (int r = 0; r < repeats; r++) {
            for (int variant = 0; variant < 4; variant++) {
                boolean hd = (r + variant) % 2 == 0;
                int w = hd ? 1280 : 640;
                int h = hd ? 720 : 360;
                List<Content> contents = split == Split.EVAL ? Content.heldOut(w, h, rnd) : Content.training(w, h, rnd);
                for (Content c : contents) {
                    Damage damage = switch (variant) {
                        case 0, 1 -> Damage.BITSTREAM;
                        case 2 -> Damage.QUANTISATION;
                        default -> Damage.BLOCKS;
                    };
                    String codec = variant == 1 ? "mpeg2" : "h264";
                    String id = String.format(
                            Locale.ROOT,
                            "%s-%03d-%s-%s-%s-%dp",
                            split.name().toLowerCase(Locale.ROOT),
                            n++,
                            c.name(),
                            codec,
                            damage.name().toLowerCase(Locale.ROOT),
                            h);
                    clips.add(new Clip(id, c, w, h, codec, damage, rnd.nextLong()));
                }
            }
        }
        return clips.stream().filter(only).toList();
    }

    /** Generates every clip and hands each kept frame to {@code sink}, clip after clip. */
    public void generate(Consumer<LabeledFrame> sink) throws IOException, InterruptedException {
        for (Clip clip : clips()) {
            generate(clip, sink);
        }
    }

    public void generate(Clip clip, Consumer<LabeledFrame> sink) throws IOException, InterruptedException {
        if (cacheDir == null) {
            make(clip, sink);
            return;
        }
        Path cached = cacheDir.resolve(String.format(Locale.ROOT, "v2-%d-%.2fs", seed, seconds))
                .resolve(clip.id() + ".frames");
        if (!Files.exists(cached)) {
            Files.createDirectories(cached.getParent());
            Path tmp = cached.resolveSibling(clip.id() + ".tmp");
            try (FrameCache.Writer w = FrameCache.writer(tmp)) {
                make(clip, w);
            }
            Files.move(tmp, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        FrameCache.read(cached, clip, sink);
    }

    private void make(Clip clip, Consumer<LabeledFrame> sink) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve(clip.id()));
        try {
            Random rnd = new Random(clip.seed());
            Path clean = dir.resolve("clean.ts");
            encode(clip, clean, rnd);
            Path cleanYuv = dir.resolve("clean.yuv");
            decode(clean, cleanYuv);
            Path damagedYuv = dir.resolve("damaged.yuv");
            switch (clip.damage()) {
                case BITSTREAM -> {
                    Path damaged = dir.resolve("damaged.ts");
                    ffmpeg(
                            "-i",
                            clean.toString(),
                            "-c",
                            "copy",
                            "-bsf:v",
                            noise(rnd),
                            "-f",
                            "mpegts",
                            damaged.toString());
                    decode(damaged, damagedYuv);
                }
                case QUANTISATION -> {
                    Path coarse = dir.resolve("coarse.ts");
                    ffmpeg(
                            "-f",
                            "lavfi",
                            "-i",
                            clip.content().graph(),
                            "-t",
                            seconds(),
                            "-pix_fmt",
                            "yuv420p",
                            "-c:v",
                            "mpeg2video",
                            "-qmin",
                            "" + (24 + rnd.nextInt(8)),
                            "-qmax",
                            "31",
                            "-b:v",
                            "50k",
                            "-g",
                            "50",
                            "-f",
                            "mpegts",
                            coarse.toString());
                    decode(coarse, damagedYuv);
                }
                case BLOCKS -> BlockDamage.apply(cleanYuv, damagedYuv, clip.width(), clip.height(), rnd);
            }
            emit(clip, cleanYuv, damagedYuv, sink);
        } finally {
            deleteTree(dir);
        }
    }

    private void emit(Clip clip, Path cleanYuv, Path damagedYuv, Consumer<LabeledFrame> sink) throws IOException {
        int w = clip.width();
        int h = clip.height();
        int frameBytes = w * h * 3 / 2;
        long frames = Math.min(Files.size(cleanYuv), Files.size(damagedYuv)) / frameBytes;
        byte[] clean = new byte[w * h];
        byte[] damaged = new byte[w * h];
        byte[] cleanBefore = new byte[w * h];
        byte[] damagedBefore = new byte[w * h];
        double minShare = clip.damage() == Damage.QUANTISATION ? MIN_BAD_SHARE_QUANTISED : MIN_BAD_SHARE;
        int corruptSeen = 0;
        try (InputStream c = Files.newInputStream(cleanYuv);
                InputStream d = Files.newInputStream(damagedYuv)) {
            for (int i = 0; i < frames; i++) {
                if (i > 0) {
                    byte[] t = cleanBefore;
                    cleanBefore = clean;
                    clean = t;
                    t = damagedBefore;
                    damagedBefore = damaged;
                    damaged = t;
                }
                readLuma(c, clean, frameBytes);
                readLuma(d, damaged, frameBytes);
                if (i == 0) {
                    // a clip's first frame has nothing before it: compare it with itself (no change)
                    System.arraycopy(clean, 0, cleanBefore, 0, clean.length);
                    System.arraycopy(damaged, 0, damagedBefore, 0, damaged.length);
                }
                double share = FrameLabel.badBlockShare(clean, damaged, w, h);
                if (i % cleanEvery == 0) {
                    sink.accept(new LabeledFrame(clip, i, clean, cleanBefore, w, h, false, 0));
                }
                if (share >= minShare && corruptSeen++ % corruptEvery == 0) {
                    sink.accept(new LabeledFrame(clip, i, damaged, damagedBefore, w, h, true, share));
                }
            }
        }
    }

    private static void readLuma(InputStream in, byte[] luma, int frameBytes) throws IOException {
        if (in.readNBytes(luma, 0, luma.length) != luma.length) {
            throw new IOException("short read");
        }
        in.skipNBytes(frameBytes - luma.length);
    }

    private void encode(Clip clip, Path out, Random rnd) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(
                List.of("-f", "lavfi", "-i", clip.content().graph(), "-t", seconds(), "-pix_fmt", "yuv420p"));
        if (clip.codec().equals("mpeg2")) {
            args.addAll(List.of("-c:v", "mpeg2video", "-q:v", "" + (2 + rnd.nextInt(5))));
        } else {
            double bitsPerPixel = 0.06 + rnd.nextDouble() * 0.1;
            long bitrate = Math.round(clip.width() * clip.height() * FPS * bitsPerPixel);
            args.addAll(List.of("-c:v", "libopenh264", "-b:v", Long.toString(bitrate)));
        }
        args.addAll(List.of("-g", "50", "-f", "mpegts", out.toString()));
        ffmpeg(args.toArray(String[]::new));
    }

    /** Damages one packet in {@code period} (from a random offset), flipping about one byte in {@code amount}. */
    private static String noise(Random rnd) {
        int period = 15 + rnd.nextInt(30);
        int offset = 3 + rnd.nextInt(period);
        int amount = 2000 + rnd.nextInt(30000);
        return "noise=amount=if(eq(mod(n\\," + period + ")\\," + offset % period + ")\\," + amount + "\\,0)";
    }

    private static void decode(Path in, Path yuv) throws IOException, InterruptedException {
        ffmpeg(
                "-i",
                in.toString(),
                "-fps_mode",
                "passthrough",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "yuv420p",
                yuv.toString());
    }

    private String seconds() {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    /** Runs the bundled ffmpeg single-threaded (deterministic output); fails with its log on error. */
    static void ffmpeg(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                BundledFfmpeg.path(),
                "-hide_banner",
                "-nostdin",
                "-y",
                "-loglevel",
                "error",
                "-threads",
                "1",
                "-filter_threads",
                "1"));
        // options before the first -i apply to the input (decoder threads); repeat for the output side
        int input = cmd.size();
        cmd.addAll(List.of(args));
        int lastInput = cmd.lastIndexOf("-i");
        cmd.addAll(lastInput + 2, List.of("-threads", "1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(
                    "ffmpeg failed: " + log.lines().limit(20).toList() + "\n" + cmd.subList(input, cmd.size()));
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
