package dev.vigil.tools.bench;

import dev.vigil.worker.evidence.DirectoryStore;
import dev.vigil.worker.evidence.EvidenceCapture;
import dev.vigil.worker.evidence.EvidenceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Resident memory of N streams with and without the packet ring, each measured in a JVM of its own with a fixed,
 * pre-touched heap, so that what grows is native memory (FFmpeg's decoders and the ring's packets), not the heap.
 * {@link #measure} runs the child; {@link #main} is the child: it prints the process's resident bytes before the
 * sessions and at their peak.
 */
final class EvidenceMemoryProbe {

    /** Resident bytes per stream while the streams run, above the process's own before they start. */
    record Result(double perStreamBytes, long peakRingBytes) {}

    private EvidenceMemoryProbe() {}

    static Result measure(Path clip, int sessions, EvidenceRun.Mode mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xms384m",
                "-Xmx384m",
                "-XX:+AlwaysPreTouch",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path")));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add(2, "-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        cmd.addAll(
                List.of(EvidenceMemoryProbe.class.getName(), clip.toString(), Integer.toString(sessions), mode.name()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("memory probe failed: " + out);
        }
        String[] last = out.strip().lines().reduce((a, b) -> b).orElseThrow().split(" ");
        long idle = Long.parseLong(last[0]);
        long peak = Long.parseLong(last[1]);
        return new Result((peak - idle) / (double) sessions, Long.parseLong(last[2]));
    }

    /** Child: {@code clip sessions mode}; prints {@code idleRss peakRss peakRingBytes}. */
    public static void main(String[] args) throws Exception {
        Path clip = Path.of(args[0]);
        int sessions = Integer.parseInt(args[1]);
        EvidenceRun.Mode mode = EvidenceRun.Mode.valueOf(args[2]);
        // load FFmpeg and warm the classes with a short run first, so that neither counts as the streams' memory
        Path store = Files.createTempDirectory("vigil-bench-evidence");
        try (EvidenceCapture capture = new EvidenceCapture(new DirectoryStore(store), EvidenceSettings.DEFAULTS)) {
            EvidenceRun.run(clip, 1, mode, mode == EvidenceRun.Mode.PLAIN ? null : capture, 2);
            System.gc();
            long idle = EvidenceRun.rss();
            EvidenceRun.Result r =
                    EvidenceRun.run(clip, sessions, mode, mode == EvidenceRun.Mode.PLAIN ? null : capture);
            System.out.println(idle + " " + r.peakRssBytes() + " " + r.peakRingBytes());
        }
    }
}
