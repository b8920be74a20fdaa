package dev.vigil.worker.detect.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import dev.vigil.worker.testing.LiveLadderOrigin;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A healthy live ladder (three renditions, one-second segments, a loop discontinuity every 8 segments, a proper ad
 * break every 20) and a healthy live MPD give no manifest defect at all: no false stale alarm, no sequence or
 * discontinuity complaint at the loops. 60 s by default (60 target durations, what several minutes of a 6 s ladder
 * would be); {@code -Dvigil.manifest.soakSec=600} makes it a soak. Prints what the checks cost: requests per minute
 * and the CPU of this JVM (which also runs the origin: an upper bound).
 */
class HealthyLadderTest {

    /** The threads the manifest checks run on: the shared HTTP client's and the timer (not the origin's). */
    private static long detectorThreadsCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null
                    && (t.getThreadName().startsWith("vigil-manifest-http-")
                            || t.getThreadName().startsWith("HttpClient-")
                            || t.getThreadName().equals("test-manifest-timer"))) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    @Test
    void aHealthyLiveLadderAndMpdGiveNoDefect() throws Exception {
        double seconds = Double.parseDouble(System.getProperty("vigil.manifest.soakSec", "60"));
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (LiveLadderOrigin origin = new LiveLadderOrigin().withAdBreaks();
                ManifestProbe hls = new ManifestProbe(origin.masterUrl(), Map.of("timeoutSec", 1.5));
                ManifestProbe dash = new ManifestProbe(origin.mpdUrl(), Map.of("timeoutSec", 1.5))) {
            long cpu0 = os.getProcessCpuTime();
            long detectorCpu0 = detectorThreadsCpuNanos();
            long wall0 = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            double cpuSec = (os.getProcessCpuTime() - cpu0) / 1e9;
            double detectorCpuSec = (detectorThreadsCpuNanos() - detectorCpu0) / 1e9;
            double minutes = (System.nanoTime() - wall0) / 60e9;

            assertThat(hls.opened())
                    .as("HLS manifest defects on a healthy ladder")
                    .isEmpty();
            assertThat(dash.opened())
                    .as("DASH manifest defects on a healthy MPD")
                    .isEmpty();
            assertThat(hls.events())
                    .as("ad breaks reported as events")
                    .anyMatch(e -> e.kind().equals("cueOut"))
                    .anyMatch(e -> e.kind().equals("cueIn"));
            assertThat(dash.events()).anyMatch(e -> e.kind().equals("dashEvent"));
            ManifestFacts facts = hls.lastFacts().orElseThrow();
            assertThat(facts.format()).isEqualTo("hls");
            assertThat(facts.renditions()).isEqualTo(3);
            assertThat(facts.targetDurationSec()).isEqualTo(1.0);
            assertThat(facts.segments()).isEqualTo(LiveLadderOrigin.WINDOW);
            assertThat(facts.rendition()).isEqualTo("640x360@870000");
            assertThat(dash.lastFacts().orElseThrow().format()).isEqualTo("dash");
            System.out.printf(
                    Locale.ROOT,
                    "healthy %.0f s: HLS ladder of 3 renditions %.0f requests/min, DASH %.0f"
                            + " requests/min; CPU of the detectors' threads (HTTP client, timer) %.3f s per minute"
                            + " for both; whole JVM with the origin %.2f s per minute%n",
                    seconds,
                    hls.detector.requests() / minutes,
                    dash.detector.requests() / minutes,
                    detectorCpuSec / minutes,
                    cpuSec / minutes);
        }
    }
}
