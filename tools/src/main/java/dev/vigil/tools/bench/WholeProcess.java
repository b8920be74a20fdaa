package dev.vigil.tools.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vigil analyze} as a user runs it, one process per clip, against {@code ffmpeg -threads 1 -f null}: whole
 * process CPU (user + system, children included: start-up, class loading, JIT and GC all count), on a long and a
 * short clip of the same content, and the difference of the two, so that start-up cancels out and what is left is
 * the cost per second of media, JIT compilation that is still going on included.
 */
final class WholeProcess {

    private final int runs;
    private final PrintStream out;

    WholeProcess(int runs, PrintStream out) {
        this.runs = runs;
        this.out = out;
    }

    /** Prints one row: the content, both CPU differences and their ratio. */
    void row(String label, Path shortClip, Path longClip, double mediaSecDifference) throws Exception {
        double ffShort = Double.MAX_VALUE;
        double ffLong = Double.MAX_VALUE;
        double vShort = Double.MAX_VALUE;
        double vLong = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            ffShort = Math.min(ffShort, FfmpegRun.cpuSeconds(shortClip, null, null));
            ffLong = Math.min(ffLong, FfmpegRun.cpuSeconds(longClip, null, null));
            vShort = Math.min(vShort, vigilCpu(shortClip));
            vLong = Math.min(vLong, vigilCpu(longClip));
        }
        double ff = ffLong - ffShort;
        double vigil = vLong - vShort;
        out.printf(
                Locale.ROOT,
                "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | **%.2f** |%n",
                label,
                ffShort,
                ffLong,
                vShort,
                vLong,
                ff / mediaSecDifference * 1000,
                vigil / mediaSecDifference * 1000,
                vigil / ff);
    }

    static void header(PrintStream out, int runs) {
        out.println();
        out.printf(
                Locale.ROOT,
                "## Whole process: `vigil analyze` against `ffmpeg -threads 1 -f null`, long clip minus"
                        + " short clip, least CPU of %d runs%n%n",
                runs);
        out.println("| content | ffmpeg short (s) | ffmpeg long (s) | vigil short (s) | vigil long (s) "
                + "| ffmpeg ms per s of media | vigil ms per s of media | vigil ÷ ffmpeg (target ≤ 1.10) |");
        out.println("|---|---|---|---|---|---|---|---|");
    }

    /** CPU seconds of one {@code vigil analyze} process over the clip, all default detectors. */
    private static double vigilCpu(Path clip) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "\"$@\" >/dev/null 2>&1 || exit 1; times", "vigil"));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "dev.vigil.worker.cli.VigilCli",
                "analyze",
                "--format",
                "jsonl",
                "--no-progress",
                clip.toString()));
        // bash's times: the shell's own user and system time, then its children's (the JVM's, all threads)
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("vigil analyze failed: " + cmd);
        }
        Matcher m = TIMES.matcher(output.lines().skip(1).findFirst().orElse(""));
        if (!m.find()) {
            throw new IOException("no CPU times from bash: " + output);
        }
        return seconds(m.group(1), m.group(2)) + seconds(m.group(3), m.group(4));
    }

    private static final Pattern TIMES = Pattern.compile("(\\d+)m([0-9.]+)s\\s+(\\d+)m([0-9.]+)s");

    private static double seconds(String minutes, String secs) {
        return Integer.parseInt(minutes) * 60 + Double.parseDouble(secs);
    }
}
