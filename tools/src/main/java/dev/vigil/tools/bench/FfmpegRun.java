package dev.vigil.tools.bench;

import dev.vigil.worker.ffmpeg.BundledFfmpeg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the bundled ffmpeg with {@code -benchmark} and reads back the CPU time it used. */
final class FfmpegRun {

    private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s rtime=([0-9.]+)s");

    private FfmpegRun() {}

    /** Runs the bundled ffmpeg to completion; fails with its output when it exits non-zero. */
    static String run(List<String> args) throws IOException, InterruptedException {
        return runWith(BundledFfmpeg.path(), args);
    }

    /** Runs an ffmpeg executable to completion; fails with its output when it exits non-zero. */
    static String runWith(String executable, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable);
        cmd.addAll(List.of("-hide_banner", "-nostdin", "-y"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("ffmpeg failed (" + p.exitValue() + "): " + tail(out) + "\n" + cmd);
        }
        return out;
    }

    /** CPU seconds (user + system) ffmpeg spent decoding {@code clip} through {@code filters}. */
    static double cpuSeconds(Path clip, String videoFilters, String audioFilters)
            throws IOException, InterruptedException {
        return cpuSeconds(clip, List.of(), videoFilters, audioFilters);
    }

    /** The same with decoder options before the input, e.g. {@code -skip_frame:v noref}. */
    static double cpuSeconds(Path clip, List<String> inputOptions, String videoFilters, String audioFilters)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(
                List.of("-benchmark", "-threads", "1", "-filter_threads", "1", "-filter_complex_threads", "1"));
        args.addAll(inputOptions);
        args.addAll(List.of("-i", clip.toString()));
        if (videoFilters != null) {
            args.addAll(List.of("-vf", videoFilters));
        }
        if (audioFilters != null) {
            args.addAll(List.of("-af", audioFilters));
        }
        args.addAll(List.of("-f", "null", "-"));
        String out = run(args);
        Matcher m = BENCH.matcher(out);
        if (!m.find()) {
            throw new IOException("no -benchmark line in ffmpeg output: " + tail(out));
        }
        return Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
    }

    private static String tail(String s) {
        return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
    }
}
