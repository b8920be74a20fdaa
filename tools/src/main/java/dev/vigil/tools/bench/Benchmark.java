package dev.vigil.tools.bench;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.DetectorName;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The bench: every figure is a ratio to a baseline measured in the same run on the same clip, so that the
 * numbers travel between machines. CPU is user+system time: ffmpeg's own {@code -benchmark} figure for
 * ffmpeg, the JVM's process CPU time (JIT and GC included) for Vigil, in the steady state of a long-running worker:
 * after warm-up passes over both clips until the JIT is done with the hot paths (see {@link #warmUp}). Runs of ffmpeg
 * and Vigil alternate, and each figure is the least of its runs.
 */
public final class Benchmark {

    static final String FFMPEG_CHAIN_VIDEO = "freezedetect,blackdetect";
    static final String FFMPEG_CHAIN_AUDIO = "silencedetect,ebur128=peak=true";
    static final String FFMPEG_BLOCKDETECT = "freezedetect,blackdetect,blockdetect";

    /** Warm-up: at least this many passes over each clip... */
    static final int MIN_WARM_UP_PASSES = 4;
    /** ...until a pass over each clip spent under this share of its CPU in the JIT compilers... */
    static final double QUIET_JIT_SHARE = 0.01;
    /** ...or this many passes. */
    static final int MAX_WARM_UP_PASSES = 20;

    private final Path dir;
    private final int seconds;
    private final int runs;
    private final PrintStream out;
    private String encodeFilter = "";

    /** Only the broadcast-style encodes whose label contains this (case-insensitive), e.g. {@code HEVC}. */
    public Benchmark encodes(String labelContains) {
        encodeFilter = labelContains == null ? "" : labelContains.toLowerCase(Locale.ROOT);
        return this;
    }

    public Benchmark(Path dir, int seconds, int runs, PrintStream out) {
        this.dir = dir;
        this.seconds = seconds;
        this.runs = runs;
        this.out = out;
    }

    /** What a run measures; all of them by default. */
    public enum Section {
        /** CPU per frame against FFmpeg's decode and detection filters, clean and grainy content. */
        DETECTORS,
        /** Whole {@code vigil analyze} processes against {@code ffmpeg -f null}, long clip minus short clip. */
        WHOLE_PROCESS,
        /** Throughput and live streams one worker keeps up with. */
        CAPACITY,
        /** Full, economy and keyframes decoding on broadcast-style encodes. */
        PROFILES
    }

    public void run() throws Exception {
        run(EnumSet.allOf(Section.class));
    }

    public void run(Set<Section> sections) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(
                Locale.ROOT,
                "# vigil bench: %d s clips, least CPU of %d runs, %d cores, %s%n%n",
                seconds,
                runs,
                cores,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        boolean x264 = SystemFfmpeg.path().isPresent();
        if (!x264) {
            out.println("No grainy x264 or broadcast-style clips: " + SystemFfmpeg.INSTALL_HINT + ".");
            out.println();
        }
        Path clip720 = BenchClips.clip(dir, "720p25", 1280, 720, seconds, "4M");
        Path clip1080 = BenchClips.clip(dir, "1080p25", 1920, 1080, seconds, "8M");
        String warmUp = warmUp(clip720, clip1080);
        if (sections.contains(Section.DETECTORS)) {
            out.println("| clip | ffmpeg decode ms/frame | Vigil all detectors ms/frame | of which decode thread "
                    + "| Vigil ÷ decode (target ≤ 1.10) | ffmpeg freeze+black+silence+ebur128 ÷ decode "
                    + "| Vigil ÷ that chain (target < 1) | ffmpeg chain + blockdetect ÷ decode |");
            out.println("|---|---|---|---|---|---|---|---|");
            VigilRun.Result at720 = row("720p25 clean (openh264)", clip720);
            VigilRun.Result at1080 = row("1080p25 clean (openh264)", clip1080);
            if (x264) {
                row("720p25 grain (x264, B-frames)", BenchClips.grain(dir, "720p25", 1280, 720, seconds, "4M"));
                row("1080p25 grain (x264, B-frames)", BenchClips.grain(dir, "1080p25", 1920, 1080, seconds, "8M"));
            }
            out.println();
            out.printf(
                    Locale.ROOT,
                    "Warm-up: %s. JIT compilation within the Vigil runs shown: %.0f ms (%.1f%% of their"
                            + " CPU) at 720p, %.0f ms (%.1f%%) at 1080p.%n",
                    warmUp,
                    at720.jitSec() * 1000,
                    at720.jitShare() * 100,
                    at1080.jitSec() * 1000,
                    at1080.jitShare() * 100);
            out.println();
            DetectorCost.measure(clip720, Set.of(DetectorName.of(DefectType.AV_SYNC)), runs, out);
            Set<DetectorName> integrity =
                    Set.of(DetectorName.of(DefectType.CORRUPTION), DetectorName.of(DefectType.TRANSPORT));
            DetectorCost.measure(clip720, integrity, runs, out);
            DetectorCost.measure(clip1080, integrity, runs, out);
        }
        if (sections.contains(Section.WHOLE_PROCESS)) {
            WholeProcess whole = new WholeProcess(runs, out);
            WholeProcess.header(out, runs);
            whole.row(
                    "720p25 clean (openh264), 10 s and 70 s",
                    BenchClips.clip(dir, "720p25", 1280, 720, 10, "4M"),
                    BenchClips.clip(dir, "720p25", 1280, 720, 70, "4M"),
                    60);
            if (x264) {
                whole.row(
                        "720p25 grain (x264, B-frames), 10 s and 70 s",
                        BenchClips.grain(dir, "720p25", 1280, 720, 10, "4M"),
                        BenchClips.grain(dir, "720p25", 1280, 720, 70, "4M"),
                        60);
            }
        }
        if (sections.contains(Section.CAPACITY)) {
            int sessions = 2 * cores;
            VigilRun.Result concurrent = VigilRun.analyse(clip720, sessions, cores);
            double fps = concurrent.videoFrames() / concurrent.wallSec();
            double cpuPerFrame = concurrent.cpuSec() / concurrent.videoFrames();
            out.println();
            out.printf(
                    Locale.ROOT,
                    "Throughput, 720p25: %d concurrent sessions on a %d-thread detector pool decoded %.0f"
                            + " frames/s in total = %.1f real-time streams per core; %.2f ms CPU per frame (%.1f streams"
                            + " per core by CPU).%n",
                    sessions,
                    cores,
                    fps,
                    fps / 25 / cores,
                    cpuPerFrame * 1000,
                    1 / (cpuPerFrame * 25));
            realTimeCapacity(clip720, cores, (int) Math.floor(fps / 25));
        }
        if (sections.contains(Section.PROFILES) && x264) {
            new ProfileBench(dir, seconds, runs, out)
                    .run(ProfileBench.ENCODES.stream()
                            .filter(e -> e.label().toLowerCase(Locale.ROOT).contains(encodeFilter))
                            .toList());
        }
    }

    /** Only what the given detectors add, after the same warm-up ({@link DetectorCost}). */
    public void detectorCost(Set<DetectorName> group) throws Exception {
        out.printf(
                Locale.ROOT,
                "# vigil bench --detector-cost %s: %d s clips, least CPU of %d runs, %d cores%n%n",
                group,
                seconds,
                runs,
                Runtime.getRuntime().availableProcessors());
        Path clip720 = BenchClips.clip(dir, "720p25", 1280, 720, seconds, "4M");
        Path clip1080 = BenchClips.clip(dir, "1080p25", 1920, 1080, seconds, "8M");
        out.println("Warm-up: " + warmUp(clip720, clip1080) + ".");
        DetectorCost.measure(clip720, group, runs, out);
        DetectorCost.measure(clip1080, group, runs, out);
    }

    /**
     * The most live 720p25 streams one worker keeps up with: sessions paced at real time (as live streams
     * arrive) over a 15 s clip, all finishing within 5% + 0.5 s of real time.
     */
    private void realTimeCapacity(Path clip720, int cores, int estimate) throws Exception {
        Path clip = BenchClips.clip(dir, "720p25", 1280, 720, 15, "4M");
        int n = Math.max(1, estimate);
        int best = 0;
        int tried = 0;
        while (tried++ < 12) {
            VigilRun.Result r = VigilRun.analyse(clip, n, cores, true);
            boolean kept = r.wallSec() <= 15 * 1.05 + 0.5;
            out.printf(
                    Locale.ROOT,
                    "  %d live 720p25 streams: %s (%.1f s for 15 s of media, %.0f%% CPU of %d cores)%n",
                    n,
                    kept ? "kept up" : "fell behind",
                    r.wallSec(),
                    100 * r.cpuSec() / r.wallSec() / cores,
                    cores);
            if (kept) {
                best = Math.max(best, n);
                n += 2;
            } else if (best > 0) {
                break;
            } else {
                n = Math.max(1, n - 4);
            }
        }
        out.printf(
                Locale.ROOT,
                "Worker capacity: %d live 720p25 streams kept up on %d cores = %.1f per core (target ≥ 18).%n",
                best,
                cores,
                best / (double) cores);
    }

    /**
     * A worker runs for days, so Vigil is measured in its steady state: the JIT compiles a method to its final
     * tier only after thousands of calls, and per-window methods (a silence window, a loudness block) are called a
     * few times per second, so a handful of passes over a 20 s clip still leaves compilation running. Passes over
     * both clips go on until one over each spent less than {@link #QUIET_JIT_SHARE} of its CPU compiling.
     *
     * @return how the warm-up ended, for the report
     */
    private String warmUp(Path clip720, Path clip1080) throws InterruptedException {
        for (int pass = 1; ; pass++) {
            VigilRun.Result a = VigilRun.analyse(clip720, 1, 1);
            VigilRun.Result b = VigilRun.analyse(clip1080, 1, 1);
            boolean quiet = a.jitShare() < QUIET_JIT_SHARE && b.jitShare() < QUIET_JIT_SHARE;
            if (pass >= MIN_WARM_UP_PASSES && quiet) {
                return pass + " passes over each clip, until one spent under " + Math.round(QUIET_JIT_SHARE * 100)
                        + "% of its CPU in the JIT";
            }
            if (pass >= MAX_WARM_UP_PASSES) {
                return pass + " passes over each clip (the JIT was still compiling)";
            }
        }
    }

    /** Prints one clip's row; returns the Vigil run it reports (the least CPU). */
    private VigilRun.Result row(String label, Path clip) throws Exception {
        double[] decode = new double[runs];
        double[] chain = new double[runs];
        double[] block = new double[runs];
        double[] vigil = new double[runs];
        double[] decodeThread = new double[runs];
        VigilRun.Result least = null;
        long frames = 0;
        for (int i = 0; i < runs; i++) {
            decode[i] = FfmpegRun.cpuSeconds(clip, null, null);
            chain[i] = FfmpegRun.cpuSeconds(clip, FFMPEG_CHAIN_VIDEO, FFMPEG_CHAIN_AUDIO);
            block[i] = FfmpegRun.cpuSeconds(clip, FFMPEG_BLOCKDETECT, FFMPEG_CHAIN_AUDIO);
            VigilRun.Result r = VigilRun.analyse(clip, 1, 1);
            vigil[i] = r.cpuSec();
            decodeThread[i] = r.decodeThreadCpuSec();
            frames = r.videoFrames();
            if (least == null || r.cpuSec() < least.cpuSec()) {
                least = r;
            }
        }
        // the least CPU each took: on a shared machine, interference only ever adds time
        double d = min(decode);
        double c = min(chain);
        double b = min(block);
        double v = min(vigil);
        out.printf(
                Locale.ROOT,
                "| %s | %.2f | %.2f | %.2f | **%.2f** | %.2f | **%.2f** | %.2f |%n",
                label,
                d * 1000 / frames,
                v * 1000 / frames,
                min(decodeThread) * 1000 / frames,
                v / d,
                c / d,
                v / c,
                b / d);
        return least;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }
}
