package dev.vigil.tools.bench;

import dev.vigil.worker.decode.DecodeProfile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What each decode profile saves on broadcast-style encodes ({@link Encode}): Vigil with all default detectors
 * (escalation on, as a pool runs it) in full, economy and keyframes decoding, as CPU per second of media and streams
 * per core, next to what FFmpeg's own decoder saves with the same skip options ({@code -skip_frame:v noref
 * -skip_loop_filter:v all}, {@code -skip_frame:v nokey -skip_loop_filter:v all}). Every ratio is to full decoding of
 * the same clip in the same run.
 *
 * <p>Each figure comes twice. Per clip: the CPU of a pass over the short clip, which includes what each connection
 * pays once (opening the source, whose probe decodes its first pictures in full, and setting up a session). Steady
 * state: the CPU of a pass over a clip {@link #LONG_FACTOR} times as long, less that of the short one, per second of
 * the difference: what a stream watched for hours costs, which is what fixes the streams per core.
 */
final class ProfileBench {

    /**
     * The encodes measured: H.264 and HEVC at the usual broadcast formats, MPEG-2 as contribution still has it, and
     * an encode without B-frames, where economy has only the loop filter to skip.
     */
    static final List<Encode> ENCODES = List.of(
            Encode.h264("H.264 1080p25", 1920, 1080, 25, false, "8M"),
            Encode.h264("H.264 1080p25 2 s GOP", 1920, 1080, 25, false, "8M", 48),
            Encode.h264("H.264 1080i25", 1920, 1080, 25, true, "10M"),
            Encode.h264("H.264 720p50", 1280, 720, 50, false, "6M"),
            Encode.hevc("HEVC 1080p25 8-bit", 1920, 1080, 25, false, "4M"),
            Encode.hevc("HEVC 1080p25 10-bit", 1920, 1080, 25, true, "4M"),
            Encode.hevc("HEVC 720p50 8-bit", 1280, 720, 50, false, "3M"),
            Encode.mpeg2("MPEG-2 1080i25", 1920, 1080, 25, true, "15M"),
            Encode.h264WithoutBFrames("H.264 1080p25 IPPP (no B-frames)", 1920, 1080, 25, "8M"));

    private static final List<String> FFMPEG_ECONOMY = List.of("-skip_frame:v", "noref", "-skip_loop_filter:v", "all");
    private static final List<String> FFMPEG_KEYFRAMES =
            List.of("-skip_frame:v", "nokey", "-skip_loop_filter:v", "all");

    /** Passes over the short clip per Vigil run. */
    private static final int PASSES = 4;
    /**
     * The long clip's length in short clips: the steady-state figure is a difference of two measurements, so the
     * difference must dwarf the noise of either (runs on shared cores move by a few percent).
     */
    static final int LONG_FACTOR = 4;

    private final Path dir;
    private final int seconds;
    private final int runs;
    private final PrintStream out;

    ProfileBench(Path dir, int seconds, int runs, PrintStream out) {
        this.dir = dir;
        this.seconds = seconds;
        this.runs = runs;
        this.out = out;
    }

    void run(List<Encode> encodes) throws Exception {
        out.println();
        out.printf(
                Locale.ROOT,
                "## Decode profiles: %d s broadcast-style clips (grain, IBBP, closed GOP), least CPU of %d"
                        + " runs; steady state from %d s clips%n%n",
                seconds,
                runs,
                seconds * LONG_FACTOR);
        out.println("| encode | profile | pictures decoded | Vigil CPU ms per s of media | ms per decoded picture "
                + "| streams per core | × full (streams per core) | ffmpeg decode, same skips: × full "
                + "| steady state: Vigil ms per s | streams per core | **× full** | ffmpeg × full | escalations |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Encode e : encodes) {
            Path clip = BenchClips.broadcast(dir, e, seconds);
            Path longClip = BenchClips.broadcast(dir, e, seconds * LONG_FACTOR);
            Row full = measure(clip, longClip, DecodeProfile.FULL, List.of());
            Row economy = measure(clip, longClip, DecodeProfile.ECONOMY, FFMPEG_ECONOMY);
            Row keyframes = measure(clip, longClip, DecodeProfile.KEYFRAMES, FFMPEG_KEYFRAMES);
            for (Row r : List.of(full, economy, keyframes)) {
                print(e, r, full);
            }
        }
    }

    /**
     * @param vigilCpu CPU of one pass over the short clip
     * @param vigilLongCpu CPU of one pass over the long clip
     */
    private record Row(
            DecodeProfile profile,
            double vigilCpu,
            double vigilLongCpu,
            long pictures,
            double ffmpegCpu,
            double ffmpegLongCpu,
            long escalations) {}

    private Row measure(Path clip, Path longClip, DecodeProfile profile, List<String> ffmpegSkips) throws Exception {
        VigilRun.analyse(clip, profile); // warm: this clip and profile's paths compiled
        double vigil = Double.MAX_VALUE;
        double vigilLong = Double.MAX_VALUE;
        double ffmpeg = Double.MAX_VALUE;
        double ffmpegLong = Double.MAX_VALUE;
        long pictures = 0;
        long escalations = 0;
        for (int i = 0; i < runs; i++) {
            ffmpeg = Math.min(ffmpeg, FfmpegRun.cpuSeconds(clip, ffmpegSkips, null, null));
            ffmpegLong = Math.min(ffmpegLong, FfmpegRun.cpuSeconds(longClip, ffmpegSkips, null, null));
            // the process CPU clock ticks in 10 ms: keyframes decoding of a 10 s clip takes a dozen ticks, so each
            // run is several passes over the clip
            double cpu = 0;
            for (int pass = 0; pass < PASSES; pass++) {
                VigilRun.Result r = VigilRun.analyse(clip, profile);
                cpu += r.cpuSec();
                pictures = r.videoFrames();
                escalations = Math.max(escalations, r.escalations());
            }
            vigil = Math.min(vigil, cpu / PASSES);
            VigilRun.Result r = VigilRun.analyse(longClip, profile);
            vigilLong = Math.min(vigilLong, r.cpuSec());
            escalations = Math.max(escalations, r.escalations());
        }
        return new Row(profile, vigil, vigilLong, pictures, ffmpeg, ffmpegLong, escalations);
    }

    private void print(Encode e, Row r, Row full) {
        double perSecond = r.vigilCpu() / seconds;
        double framesInClip = (double) e.frameRate() * seconds;
        double steady = steadyPerSecond(r.vigilCpu(), r.vigilLongCpu());
        out.printf(
                Locale.ROOT,
                "| %s | %s | %.0f%% | %.1f | %.2f | %.1f | %.2f | %.2f | %.1f | %.1f | **%.2f** | %.2f | %d |%n",
                e.label(),
                r.profile().wireName(),
                100 * r.pictures() / framesInClip,
                perSecond * 1000,
                r.vigilCpu() * 1000 / Math.max(1, r.pictures()),
                1 / perSecond,
                full.vigilCpu() / r.vigilCpu(),
                full.ffmpegCpu() / r.ffmpegCpu(),
                steady * 1000,
                1 / steady,
                steadyPerSecond(full.vigilCpu(), full.vigilLongCpu()) / steady,
                steadyPerSecond(full.ffmpegCpu(), full.ffmpegLongCpu())
                        / steadyPerSecond(r.ffmpegCpu(), r.ffmpegLongCpu()),
                r.escalations());
    }

    /** CPU per second of media once connected: the long clip's pass less the short one's, per second between. */
    private double steadyPerSecond(double shortCpu, double longCpu) {
        return (longCpu - shortCpu) / ((LONG_FACTOR - 1) * (double) seconds);
    }
}
