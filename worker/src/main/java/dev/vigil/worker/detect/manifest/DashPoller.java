package dev.vigil.worker.detect.manifest;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a DASH MPD round after round (conditional GETs) and probes each representation's new segments. */
final class DashPoller implements ManifestDetector.Poller {

    private final ManifestDetector d;
    private final URI mpdUri;
    private final DashChecks checks;
    private final Set<String> eventsSeen = new HashSet<>();
    private String etag;
    private String lastModified;
    private byte[] lastBody;

    DashPoller(ManifestDetector detector) {
        this.d = detector;
        this.mpdUri = detector.http().base();
        this.checks = new DashChecks(detector.settings());
    }

    @Override
    public double intervalSec() {
        synchronized (d.lock()) {
            DashMpd last = checks.last();
            double period = checks.targetDurationSec();
            if (last != null && last.minimumUpdatePeriod() != null) {
                period = Math.min(
                        period, Math.max(0.5, last.minimumUpdatePeriod().toMillis() / 1000.0));
            }
            return period * d.settings().pollTargetDurations();
        }
    }

    @Override
    public void round(Runnable done) {
        d.http().get(mpdUri, etag, lastModified).whenComplete((resp, err) -> {
            synchronized (d.lock()) {
                if (!d.stopped()) {
                    handle(resp, err);
                }
            }
            done.run();
        });
    }

    private void handle(ManifestHttp.Response resp, Throwable err) {
        double now = d.now();
        List<Finding> state;
        if (err != null || (!resp.ok() && !resp.notModified())) {
            state = checks.failed(now, err != null ? ManifestHttp.reason(err) : "HTTP " + resp.status());
        } else if (resp.notModified() || Arrays.equals(resp.body(), lastBody)) {
            state = checks.unchanged(now);
        } else {
            etag = resp.etag();
            lastModified = resp.lastModified();
            lastBody = resp.body();
            DashMpd mpd;
            try {
                mpd = DashMpd.parse(HlsParser.text(resp.body()), mpdUri);
            } catch (ManifestException e) {
                lastBody = null;
                d.board().state(now, DashChecks.SCOPE, checks.failed(now, e.getMessage()));
                d.board().evaluate(now);
                return;
            }
            state = checks.read(now, Instant.now(), mpd);
            double hold = d.settings().holdTargetDurations() * checks.targetDurationSec();
            if (d.settings().probeSegments() && mpd.dynamic()) {
                for (Map.Entry<DashMpd.Representation, DashMpd.Segment> e : checks.newSegments(mpd)) {
                    probe(e.getKey(), e.getValue(), hold);
                }
            }
            for (DashMpd.Event e : mpd.events()) {
                if (eventsSeen.add(e.scheme() + "#" + e.id() + "@" + e.presentationTimeSec())) {
                    d.event(
                            "dashEvent",
                            "DASH event " + e.scheme() + (e.id() == null ? "" : " id " + e.id()),
                            HlsRenditionChecks.detail(
                                    "scheme",
                                    e.scheme(),
                                    "id",
                                    String.valueOf(e.id()),
                                    "presentationTimeSec",
                                    e.presentationTimeSec(),
                                    "durationSec",
                                    e.durationSec()));
                }
            }
        }
        d.board()
                .state(
                        now,
                        DashChecks.SCOPE,
                        state.stream()
                                .filter(f -> f.scope().equals(DashChecks.SCOPE))
                                .toList());
        // timeline findings are per representation: each representation's scope holds what this read found for it
        DashMpd last = checks.last();
        if (last != null) {
            for (DashMpd.Representation r : last.representations()) {
                d.board()
                        .state(
                                now,
                                r.id(),
                                state.stream()
                                        .filter(f -> f.scope().equals(r.id()))
                                        .toList());
            }
            DashMpd.Representation first = last.representations().isEmpty()
                    ? null
                    : last.representations().get(0);
            DashMpd.Segment newest = first == null ? null : first.newest();
            double window = 0;
            if (first != null) {
                for (DashMpd.Segment s : first.segments()) {
                    window += first.durationSec(s);
                }
            }
            d.facts(new ManifestFacts(
                    "dash",
                    HlsRenditionChecks.round1(checks.targetDurationSec()),
                    HlsRenditionChecks.round1(window),
                    first == null ? 0 : first.segments().size(),
                    last.representations().size(),
                    null,
                    newest == null ? 0 : newest.number(),
                    HlsRenditionChecks.round1(checks.ageSec(now))));
        }
        d.board().evaluate(now);
    }

    private void probe(DashMpd.Representation r, DashMpd.Segment s, double hold) {
        URI url;
        try {
            url = r.url(s);
        } catch (ManifestException e) {
            synchronized (d.lock()) {
                d.board()
                        .event(
                                d.now(),
                                new Finding(
                                        Check.SEGMENT_UNAVAILABLE,
                                        r.id(),
                                        HlsRenditionChecks.detail("number", s.number(), "error", e.getMessage())),
                                hold);
            }
            return;
        }
        d.http().probe(url).whenComplete((status, err) -> {
            if (err == null && status < 400) {
                return;
            }
            synchronized (d.lock()) {
                if (d.stopped()) {
                    return;
                }
                double now = d.now();
                d.board()
                        .event(
                                now,
                                new Finding(
                                        Check.SEGMENT_UNAVAILABLE,
                                        r.id(),
                                        HlsRenditionChecks.detail(
                                                "number",
                                                s.number(),
                                                "segment",
                                                ManifestHttp.describe(url),
                                                "error",
                                                err != null ? ManifestHttp.reason(err) : "HTTP " + status)),
                                hold);
                d.board().evaluate(now);
            }
        });
    }
}
