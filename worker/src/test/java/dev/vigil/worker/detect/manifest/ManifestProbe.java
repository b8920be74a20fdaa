package dev.vigil.worker.detect.manifest;

import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.DetectorSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A manifest detector watching one URL on its own, recording what it reports (times: seconds since it started). */
final class ManifestProbe implements AutoCloseable {

    /** One scheduler thread for every probe of a test run, as a worker shares one for all its sessions. */
    static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-manifest-timer");
        t.setDaemon(true);
        return t;
    });

    record Event(String kind, String message, Map<String, Object> detail) {}

    private final List<Defect> opened = new ArrayList<>();
    private final List<Defect> closed = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<ManifestFacts> facts = new ArrayList<>();
    private final long started = System.nanoTime();
    final ManifestDetector detector;

    /** Test thresholds over the defaults: one-second segments want a short request timeout. */
    ManifestProbe(String url, Map<String, Double> thresholds) {
        DetectorSettings settings = ManifestSettings.DEFAULTS.withOverrides(null, null, null, null, thresholds);
        detector = new ManifestDetector(settings, new DefectSink() {
            @Override
            public void opened(Defect d) {
                synchronized (ManifestProbe.this) {
                    opened.add(d);
                }
            }

            @Override
            public void closed(Defect d) {
                synchronized (ManifestProbe.this) {
                    closed.add(d);
                }
            }
        });
        detector.start(url, SCHEDULER, () -> Double.NaN, Runnable::run, new ManifestReports() {
            @Override
            public void onEvent(double atSec, String kind, String message, Map<String, Object> detail) {
                synchronized (ManifestProbe.this) {
                    events.add(new Event(kind, message, detail));
                }
            }

            @Override
            public void onFacts(ManifestFacts f) {
                synchronized (ManifestProbe.this) {
                    facts.add(f);
                }
            }
        });
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    synchronized List<Defect> opened() {
        return List.copyOf(opened);
    }

    synchronized List<Defect> closed() {
        return List.copyOf(closed);
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized Optional<ManifestFacts> lastFacts() {
        return facts.isEmpty() ? Optional.empty() : Optional.of(facts.get(facts.size() - 1));
    }

    synchronized Set<String> checksOpened() {
        Set<String> s = new TreeSet<>();
        opened.forEach(d -> s.add(String.valueOf(d.detail().get("check"))));
        return s;
    }

    /** The first defect of {@code check} opened after {@code afterSec}, waiting at most {@code within}. */
    Optional<Defect> awaitOpened(String check, double afterSec, Duration within) throws InterruptedException {
        return await(() -> find(opened(), check, afterSec), within);
    }

    /** The closing of {@code open}, waiting at most {@code within}. */
    Optional<Defect> awaitClosed(Defect open, Duration within) throws InterruptedException {
        return await(
                () -> closed().stream()
                        .filter(d ->
                                d.detail().get("check").equals(open.detail().get("check"))
                                        && d.startSec() == open.startSec())
                        .findFirst(),
                within);
    }

    private static Optional<Defect> find(List<Defect> list, String check, double afterSec) {
        return list.stream()
                .filter(d -> check.equals(d.detail().get("check")))
                .filter(d -> d.startSec() >= afterSec - 0.5)
                .findFirst();
    }

    private static Optional<Defect> await(java.util.function.Supplier<Optional<Defect>> what, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Defect> d = what.get();
            if (d.isPresent()) {
                return d;
            }
            Thread.sleep(50);
        }
        return what.get();
    }

    @Override
    public void close() {
        detector.finish(seconds());
    }
}
