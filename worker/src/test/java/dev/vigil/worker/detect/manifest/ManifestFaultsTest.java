package dev.vigil.worker.detect.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.testing.LiveLadderOrigin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Every delivery fault of a live HLS ladder and a live DASH MPD (one-second segments, {@link LiveLadderOrigin} on
 * loopback) is reported as a {@code manifest} defect with the right {@code check}, within the time the thresholds
 * give, and clears once the fault is gone; nothing else is raised meanwhile. The scenarios run side by side, each
 * with its own origin and detector, so the whole set takes about as long as the slowest one.
 */
class ManifestFaultsTest {

    /** Thresholds of the test: one-second segments, so requests time out after 1.5 s. */
    static final Map<String, Double> FAST = Map.of("timeoutSec", 1.5);

    @FunctionalInterface
    interface Step {
        void run(LiveLadderOrigin o) throws Exception;
    }

    /**
     * @param detectSec from the fault's start, how long the detector may take (the threshold plus a read or two)
     * @param clearSec  from the fault's end, how long until the defect has cleared
     */
    record Scenario(
            String name,
            boolean dash,
            String check,
            Map<String, Double> thresholds,
            double detectSec,
            double clearSec,
            Step on,
            Step off,
            Set<String> alsoAllowed) {}

    static List<Scenario> scenarios() {
        List<Scenario> s = new ArrayList<>();
        s.add(hls("stop updating", "stale", 5.5, 2.5, o -> o.freeze(true), o -> o.freeze(false)));
        s.add(hls(
                "media sequence rolled back",
                "media_sequence_regression",
                2.5,
                2.5,
                o -> o.lagBehind(4),
                o -> o.lagBehind(0)));
        s.add(hls("playlist shrinks", "playlist_shrink", 2.5, 2.5, o -> o.truncate(3), o -> o.truncate(0)));
        s.add(new Scenario(
                "URIs rewritten under the same media sequence",
                false,
                "playlist_content_changed",
                Map.of("timeoutSec", 1.5, "staleTargetDurations", 8.0),
                4,
                4.5,
                o -> {
                    o.freeze(true);
                    Thread.sleep(1500);
                    o.rename("b");
                },
                o -> {
                    Thread.sleep(1000);
                    o.freeze(false);
                },
                Set.of()));
        s.add(hls(
                "URIs rewritten as the window moves",
                "segment_continuity",
                3,
                4.5,
                o -> o.renameAtNextMove("c"),
                o -> {}));
        s.add(hls(
                "wrong discontinuity sequence",
                "discontinuity_sequence",
                2.5,
                5,
                o -> o.discontinuityOffset(1),
                o -> o.discontinuityOffset(0)));
        s.add(hls(
                "segment 404",
                "segment_unavailable",
                3,
                4.5,
                o -> o.segmentsMissing(1, true),
                o -> o.segmentsMissing(1, false)));
        s.add(hls(
                "playlist response stalls",
                "manifest_unavailable",
                7,
                4.5,
                o -> o.stallPlaylists(2500),
                o -> o.stallPlaylists(0)));
        s.add(hls(
                "one rendition dropped",
                "manifest_unavailable",
                4,
                2.5,
                o -> o.dropRendition(2, true),
                o -> o.dropRendition(2, false)));
        s.add(hls("CUE-OUT left open", "cue_out_open", 6.5, 3, o -> o.openCueOut(2), LiveLadderOrigin::cueIn));
        s.add(new Scenario(
                "one rendition stops",
                false,
                "renditions_out_of_step",
                Map.of("timeoutSec", 1.5, "staleTargetDurations", 10.0),
                4.5,
                2.5,
                o -> o.freezeRendition(0, true),
                o -> o.freezeRendition(0, false),
                Set.of()));
        s.add(hls(
                "segment longer than the target duration",
                "target_duration_exceeded",
                2.5,
                2.5,
                o -> o.longSegment(true),
                o -> o.longSegment(false)));
        s.add(hls(
                "EXT-X-ENDLIST on a live playlist",
                "endlist_on_live",
                2.5,
                2.5,
                o -> o.endList(true),
                o -> o.endList(false)));
        s.add(dash("MPD stops updating", "stale", 5.5, 2.5, o -> o.freeze(true), o -> o.freeze(false)));
        s.add(dash(
                "SegmentTimeline gap", "timeline_gap", 2.5, 2.5, o -> o.timelineGap(true), o -> o.timelineGap(false)));
        s.add(dash(
                "SegmentTimeline overlap",
                "timeline_overlap",
                2.5,
                2.5,
                o -> o.timelineOverlap(true),
                o -> o.timelineOverlap(false)));
        s.add(dash(
                "publishTime ahead of the clock",
                "publish_time",
                2.5,
                2.5,
                o -> o.publishAhead(true),
                o -> o.publishAhead(false)));
        s.add(dash(
                "segments 404",
                "segment_unavailable",
                3,
                4.5,
                o -> o.chunksMissing(true),
                o -> o.chunksMissing(false)));
        s.add(dash("MPD answers 503", "manifest_unavailable", 3.5, 2.5, o -> o.mpdDown(true), o -> o.mpdDown(false)));
        return s;
    }

    @Test
    void everyFaultIsReportedWithItsCheckInTimeAndClears() throws Exception {
        List<Scenario> all = scenarios();
        ExecutorService pool = Executors.newFixedThreadPool(all.size());
        try {
            List<Future<String>> results = new ArrayList<>();
            for (Scenario s : all) {
                results.add(pool.submit(() -> run(s)));
            }
            List<String> report = new ArrayList<>();
            for (Future<String> f : results) {
                report.add(f.get());
            }
            report.forEach(System.out::println);
            assertThat(report).allMatch(line -> line.startsWith("ok"), "every scenario passes");
        } finally {
            pool.shutdownNow();
        }
    }

    /** One scenario: a quiet start, the fault, its defect, the fault's end, the defect cleared. One line back. */
    static String run(Scenario s) {
        try (LiveLadderOrigin origin = new LiveLadderOrigin();
                ManifestProbe probe =
                        new ManifestProbe(s.dash() ? origin.mpdUrl() : origin.masterUrl(), s.thresholds())) {
            Thread.sleep(3500);
            if (!probe.opened().isEmpty()) {
                return "FAIL " + s.name() + ": raised before the fault: " + probe.opened();
            }
            double onAt = probe.seconds();
            s.on().run(origin);
            Optional<Defect> open =
                    probe.awaitOpened(s.check(), onAt, Duration.ofMillis((long) (s.detectSec() * 1000)));
            if (open.isEmpty()) {
                return "FAIL " + s.name() + ": no " + s.check() + " within " + s.detectSec() + " s; raised: "
                        + probe.opened();
            }
            double detected = open.get().startSec() - onAt;
            s.off().run(origin);
            double offAt = probe.seconds();
            Optional<Defect> closed = probe.awaitClosed(open.get(), Duration.ofMillis((long) (s.clearSec() * 1000)));
            if (closed.isEmpty()) {
                return "FAIL " + s.name() + ": " + s.check() + " still open " + s.clearSec()
                        + " s after the fault ended";
            }
            Set<String> others = new TreeSet<>(probe.checksOpened());
            others.remove(s.check());
            others.removeAll(s.alsoAllowed());
            if (!others.isEmpty()) {
                return "FAIL " + s.name() + ": also raised " + others + ": " + probe.opened();
            }
            return String.format(
                    Locale.ROOT,
                    "ok   %-45s %-26s detected after %.1f s, cleared %.1f s after the end: %s",
                    s.name(),
                    s.check(),
                    detected,
                    Math.max(0, closed.get().endSec() - offAt),
                    closed.get().detail());
        } catch (Exception e) {
            return "FAIL " + s.name() + ": " + e;
        }
    }

    private static Scenario hls(String name, String check, double detectSec, double clearSec, Step on, Step off) {
        return new Scenario(name, false, check, FAST, detectSec, clearSec, on, off, Set.of());
    }

    private static Scenario dash(String name, String check, double detectSec, double clearSec, Step on, Step off) {
        return new Scenario(name, true, check, FAST, detectSec, clearSec, on, off, Set.of());
    }
}
