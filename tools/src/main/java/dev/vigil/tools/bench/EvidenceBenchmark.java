package dev.vigil.tools.bench;

import dev.vigil.worker.evidence.DirectoryStore;
import dev.vigil.worker.evidence.EvidenceCapture;
import dev.vigil.worker.evidence.EvidenceCounters;
import dev.vigil.worker.evidence.EvidenceSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What evidence capture costs, as ratios to Vigil without it in the same run: the packet ring's steady-state CPU
 * and memory on 720p25 and 1080p25 streams, and the cost of one capture (packets taken on the decode thread,
 * thumbnail and clip on a capture thread). CPU two ways: <em>accounted</em>, the time the ring's calls take on
 * the decode thread (timed around each call) over Vigil's process CPU without the ring — precise, and what the
 * ring adds; and <em>measured</em>, process and decode-thread CPU of runs with and without the ring, alternating
 * after a warm-up of both, least of each — the end-to-end check, as noisy as the machine. Memory: resident bytes
 * per stream with 4 streams, each mode in a JVM of its own with a fixed pre-touched heap, so that the difference
 * is native memory.
 */
public final class EvidenceBenchmark {

    private final Path dir;
    private final int seconds;
    private final int runs;
    private final PrintStream out;

    public EvidenceBenchmark(Path dir, int seconds, int runs, PrintStream out) {
        this.dir = dir;
        this.seconds = seconds;
        this.runs = runs;
        this.out = out;
    }

    public void run() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(
                Locale.ROOT,
                "# vigil bench-evidence: %d s clips, least CPU of %d runs, %d cores, %s%n%n",
                seconds,
                runs,
                cores,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        Path clip720 = BenchClips.clip(dir, "720p25", 1280, 720, seconds, "4M");
        Path clip1080 = BenchClips.clip(dir, "1080p25", 1920, 1080, seconds, "8M");
        Path store = Files.createDirectories(dir.resolve("evidence"));
        try (EvidenceCapture capture = new EvidenceCapture(new DirectoryStore(store), EvidenceSettings.DEFAULTS)) {
            out.println("## The packet ring, steady state (no defect captured)");
            out.println();
            out.println("| clip | Vigil ms/frame | ring work per packet | CPU ratio, accounted (target ≤ 1.02) "
                    + "| CPU ratio, measured: process / decode thread | ring held | ring ÷ (bit rate × 12 s) "
                    + "| resident memory per stream: without → with (ratio) |");
            out.println("|---|---|---|---|---|---|---|---|");
            ringRow("720p25 4 Mb/s", clip720, capture, 4e6);
            ringRow("1080p25 8 Mb/s", clip1080, capture, 8e6);
        }
        out.println();
        out.println("## One capture (thumbnail + 10 s clip of a black onset, stored in a local directory)");
        out.println();
        out.println(
                "| clip | packets taken on the decode thread | thumbnail CPU (decode from key frame + JPEG) "
                        + "| clip CPU (stream copy to MPEG-TS) | JPEG | clip | CPU of one capture ÷ CPU of 1 s of that stream |");
        out.println("|---|---|---|---|---|---|---|");
        captureRow("720p25", 1280, 720, "4M");
        captureRow("1080p25", 1920, 1080, "8M");
    }

    private void ringRow(String label, Path clip, EvidenceCapture capture, double bitrate) throws Exception {
        for (int i = 0; i < 3; i++) {
            EvidenceRun.run(clip, 1, EvidenceRun.Mode.PLAIN, null);
            EvidenceRun.run(clip, 1, EvidenceRun.Mode.RING, capture);
        }
        double plainCpu = Double.MAX_VALUE;
        double ringCpu = Double.MAX_VALUE;
        double plainDecode = Double.MAX_VALUE;
        double ringDecode = Double.MAX_VALUE;
        double tapPerPacket = Double.MAX_VALUE;
        long packets = 0;
        long frames = 0;
        long ringBytes = 0;
        for (int i = 0; i < runs; i++) {
            EvidenceRun.Result p = EvidenceRun.run(clip, 1, EvidenceRun.Mode.PLAIN, null);
            EvidenceRun.Result r = EvidenceRun.run(clip, 1, EvidenceRun.Mode.RING, capture);
            plainCpu = Math.min(plainCpu, p.cpuSec());
            ringCpu = Math.min(ringCpu, r.cpuSec());
            plainDecode = Math.min(plainDecode, p.decodeCpuSec());
            ringDecode = Math.min(ringDecode, r.decodeCpuSec());
            tapPerPacket = Math.min(tapPerPacket, r.tapNanos() / (double) r.packets());
            packets = r.packets();
            frames = p.videoFrames();
            ringBytes = Math.max(ringBytes, r.peakRingBytes());
        }
        EvidenceMemoryProbe.Result plainMem = EvidenceMemoryProbe.measure(clip, 4, EvidenceRun.Mode.PLAIN);
        EvidenceMemoryProbe.Result ringMem = EvidenceMemoryProbe.measure(clip, 4, EvidenceRun.Mode.RING);
        double window = EvidenceSettings.DEFAULTS.ringSec();
        double accounted = 1 + tapPerPacket * packets / 1e9 / plainCpu;
        out.printf(
                Locale.ROOT,
                "| %s | %.2f | %.0f ns | **%.4f** | %.3f / %.3f | %.1f MB | %.2f | %.1f MB → %.1f MB"
                        + " (**%.2f**) |%n",
                label,
                plainCpu * 1000 / frames,
                tapPerPacket,
                accounted,
                ringCpu / plainCpu,
                ringDecode / plainDecode,
                ringBytes / 1e6,
                ringBytes / (bitrate / 8 * window),
                plainMem.perStreamBytes() / 1e6,
                ringMem.perStreamBytes() / 1e6,
                ringMem.perStreamBytes() / plainMem.perStreamBytes());
    }

    private void captureRow(String label, int width, int height, String bitrate) throws Exception {
        Path clip = blackClip(label, width, height, bitrate);
        Path store = Files.createDirectories(dir.resolve("evidence-" + label));
        EvidenceSettings settings = EvidenceSettings.forCommandLine(true);
        double plainCpu = Double.MAX_VALUE;
        EvidenceCounters best = null;
        double bestPerCapture = Double.MAX_VALUE;
        for (int i = 0; i < Math.max(2, runs); i++) {
            EvidenceRun.Result plain = EvidenceRun.run(clip, 1, EvidenceRun.Mode.PLAIN, null);
            plainCpu = Math.min(plainCpu, plain.cpuSec());
            try (EvidenceCapture capture = new EvidenceCapture(new DirectoryStore(store), settings)) {
                EvidenceRun.run(clip, 1, EvidenceRun.Mode.CAPTURE, capture);
                EvidenceCounters c = capture.counters();
                if (c.thumbnails() == 0 || c.clips() == 0) {
                    throw new IllegalStateException("no capture made on " + clip);
                }
                double perCapture = (c.thumbnailCpuNanos() + c.clipCpuNanos()) / (double) c.clips();
                if (perCapture < bestPerCapture) {
                    bestPerCapture = perCapture;
                    best = c;
                }
            }
        }
        long jpeg;
        long ts;
        try (var files = Files.list(store)) {
            List<Path> all = files.toList();
            jpeg = averageSize(all, ".jpg");
            ts = averageSize(all, ".ts");
        }
        double cpuPerSecondOfMedia = plainCpu / 30;
        out.printf(
                Locale.ROOT,
                "| %s | %.0f µs | %.1f ms | %.1f ms | %.0f KB | %.1f MB | %.2f |%n",
                label,
                best.snapshotNanos() / 1e3 / best.snapshots(),
                best.thumbnailCpuNanos() / 1e6 / best.thumbnails(),
                best.clipCpuNanos() / 1e6 / best.clips(),
                jpeg / 1e3,
                ts / 1e6,
                bestPerCapture / 1e9 / cpuPerSecondOfMedia);
    }

    /** 30 s with the picture black from 8 to 11 s and from 20 to 23 s: two black defects, two captures. */
    private Path blackClip(String label, int width, int height, String bitrate)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = dir.resolve(label + "-black-30s.ts");
        if (Files.exists(out)) {
            return out;
        }
        Path tmp = dir.resolve(label + "-black.tmp.ts");
        FfmpegRun.run(List.of(
                "-loglevel",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=25,"
                        + "drawbox=color=black:t=fill:enable='between(t,8,11)+between(t,20,23)'",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000,volume=0.1",
                "-t",
                "30",
                "-ac",
                "2",
                "-c:v",
                "libopenh264",
                "-b:v",
                bitrate,
                "-g",
                "50",
                "-c:a",
                "aac",
                "-b:a",
                "128k",
                "-f",
                "mpegts",
                tmp.toString()));
        Files.move(tmp, out);
        return out;
    }

    private static long averageSize(List<Path> files, String extension) throws IOException {
        long total = 0;
        int n = 0;
        for (Path p : files) {
            if (p.getFileName().toString().endsWith(extension)) {
                total += Files.size(p);
                n++;
            }
        }
        return n == 0 ? 0 : total / n;
    }
}
