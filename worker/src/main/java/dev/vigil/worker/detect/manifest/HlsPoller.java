package dev.vigil.worker.detect.manifest;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads an HLS source round after round: the multivariant playlist (first, then every {@value #LADDER_EVERY_SEC} s)
 * and every rendition checked, all of a round's requests at once; each answer is checked as it arrives (under the
 * detector's lock), the ladder-wide checks once the round is complete.
 */
final class HlsPoller implements ManifestDetector.Poller {

    static final String MAIN = "main";
    private static final double LADDER_EVERY_SEC = 30;
    /** Bounds the requests per round on ladders with very many renditions. */
    private static final int MAX_RENDITIONS = 32;

    /** One playlist read round after round, with what the conditional requests need. */
    private static final class Rendition {
        final String name;
        final URI uri;
        final HlsRenditionChecks checks;
        String etag;
        String lastModified;
        byte[] lastBody;

        Rendition(String name, URI uri, ManifestSettings settings) {
            this.name = name;
            this.uri = uri;
            this.checks = new HlsRenditionChecks(name, settings);
        }
    }

    private final ManifestDetector d;
    private final URI source;
    private final Map<String, Rendition> renditions = new LinkedHashMap<>();
    private final Rendition ladderPlaylist;
    private final CueTracker cues = new CueTracker();
    private boolean isLadder;
    private boolean knowsShape;
    private String primary = MAIN;
    private double ladderReadAt = Double.NEGATIVE_INFINITY;

    HlsPoller(ManifestDetector detector) {
        this.d = detector;
        this.source = detector.http().base();
        this.ladderPlaylist = new Rendition("multivariant", this.source, detector.settings());
    }

    @Override
    public double intervalSec() {
        synchronized (d.lock()) {
            double td = renditions.values().stream()
                    .mapToDouble(r -> r.checks.targetDurationSec())
                    .filter(t -> t > 0)
                    .min()
                    .orElse(0);
            return td > 0 ? td * d.settings().pollTargetDurations() : 2;
        }
    }

    @Override
    public void round(Runnable done) {
        boolean readLadder;
        synchronized (d.lock()) {
            readLadder = !knowsShape || (isLadder && d.now() - ladderReadAt >= LADDER_EVERY_SEC);
        }
        if (readLadder) {
            readSource().whenComplete((ok, err) -> readRenditions(done));
        } else {
            readRenditions(done);
        }
    }

    /** The source URL: a multivariant playlist (the ladder) or, for a single-rendition source, the media playlist. */
    private CompletableFuture<Void> readSource() {
        Rendition r = ladderPlaylist;
        return d.http().get(r.uri, r.etag, r.lastModified).handle((resp, err) -> {
            synchronized (d.lock()) {
                if (d.stopped()) {
                    return null;
                }
                double now = d.now();
                if (err != null || (!resp.ok() && !resp.notModified())) {
                    String why = err != null ? ManifestHttp.reason(err) : "HTTP " + resp.status();
                    d.board().state(now, r.name, r.checks.failed(now, why));
                    d.board().evaluate(now);
                    if (!knowsShape) {
                        d.decodeChosen(null); // the decoder opens the source as given; the next round tries again
                    }
                    return null;
                }
                d.board().state(now, r.name, List.of());
                ladderReadAt = now;
                if (resp.notModified() || Arrays.equals(resp.body(), r.lastBody)) {
                    return null;
                }
                r.etag = resp.etag();
                r.lastModified = resp.lastModified();
                String text = HlsParser.text(resp.body());
                if (!HlsParser.isMultivariant(text)) {
                    if (!knowsShape) {
                        knowsShape = true;
                        Rendition main = new Rendition(MAIN, source, d.settings());
                        renditions.put(MAIN, main);
                        d.decodeChosen(null);
                    }
                    return null;
                }
                r.lastBody = resp.body();
                try {
                    apply(now, HlsParser.ladder(text, source));
                } catch (ManifestException e) {
                    d.board()
                            .state(
                                    now,
                                    r.name,
                                    List.of(new Finding(
                                            Check.MANIFEST_UNAVAILABLE,
                                            r.name,
                                            HlsRenditionChecks.detail("error", e.getMessage()))));
                    if (!knowsShape) {
                        d.decodeChosen(null);
                    }
                }
                d.board().evaluate(now);
                return null;
            }
        });
    }

    /** A new ladder: which renditions to check, which one the decoder follows. */
    private void apply(double now, HlsLadder ladder) {
        isLadder = true;
        knowsShape = true;
        ManifestSettings s = d.settings();
        HlsLadder.Rendition decode = chooseDecode(ladder, s);
        primary = decode.name();
        Map<String, HlsLadder.Rendition> wanted = new LinkedHashMap<>();
        wanted.put(decode.name(), decode);
        for (HlsLadder.Rendition v : ladder.variants()) {
            if (s.checks(v.bandwidth()) && wanted.size() < MAX_RENDITIONS) {
                wanted.put(v.name(), v);
            }
        }
        for (HlsLadder.Rendition m : ladder.media()) {
            if (wanted.size() < MAX_RENDITIONS) {
                wanted.put(m.name(), m);
            }
        }
        for (String gone : new ArrayList<>(renditions.keySet())) {
            HlsLadder.Rendition w = wanted.get(gone);
            if (w == null || !w.uri().equals(renditions.get(gone).uri)) {
                renditions.remove(gone);
                d.board().forget(now, gone);
            }
        }
        for (HlsLadder.Rendition w : wanted.values()) {
            renditions.computeIfAbsent(w.name(), n -> new Rendition(n, w.uri(), s));
        }
        // the decoder follows one rendition; one whose audio is a separate rendition stays with the whole ladder
        d.decodeChosen(ladder.separateAudio(decode) ? null : d.http().forDecoder(decode.uri()));
    }

    static HlsLadder.Rendition chooseDecode(HlsLadder ladder, ManifestSettings s) {
        List<HlsLadder.Rendition> byBandwidth = ladder.variants().stream()
                .sorted(Comparator.comparingLong(HlsLadder.Rendition::bandwidth).reversed())
                .toList();
        for (HlsLadder.Rendition v : byBandwidth) {
            boolean bandwidthOk = s.decodeMaxBandwidth() <= 0 || v.bandwidth() <= s.decodeMaxBandwidth();
            boolean heightOk = s.decodeMaxHeight() <= 0 || v.height() <= s.decodeMaxHeight();
            if (bandwidthOk && heightOk) {
                return v;
            }
        }
        return byBandwidth.get(byBandwidth.size() - 1);
    }

    private void readRenditions(Runnable done) {
        List<Rendition> round;
        synchronized (d.lock()) {
            if (d.stopped()) {
                return;
            }
            round = List.copyOf(renditions.values());
        }
        if (round.isEmpty()) {
            done.run();
            return;
        }
        AtomicInteger left = new AtomicInteger(round.size());
        for (Rendition r : round) {
            d.http().get(r.uri, r.etag, r.lastModified).whenComplete((resp, err) -> {
                int remaining;
                synchronized (d.lock()) {
                    if (!d.stopped()) {
                        handle(r, resp, err);
                    }
                    remaining = left.decrementAndGet();
                    if (remaining == 0 && !d.stopped()) {
                        roundComplete();
                    }
                }
                if (remaining == 0) {
                    done.run();
                }
            });
        }
    }

    private void handle(Rendition r, ManifestHttp.Response resp, Throwable err) {
        double now = d.now();
        List<Finding> state;
        if (err != null || (!resp.ok() && !resp.notModified())) {
            state = r.checks.failed(now, err != null ? ManifestHttp.reason(err) : "HTTP " + resp.status());
        } else if (resp.notModified() || Arrays.equals(resp.body(), r.lastBody)) {
            state = withCues(r, now, r.checks.unchanged(now));
        } else {
            r.etag = resp.etag();
            r.lastModified = resp.lastModified();
            r.lastBody = resp.body();
            HlsPlaylist p;
            try {
                p = HlsParser.media(HlsParser.text(resp.body()), r.uri);
            } catch (ManifestException e) {
                r.lastBody = null;
                d.board().state(now, r.name, r.checks.failed(now, e.getMessage()));
                d.board().evaluate(now);
                return;
            }
            HlsRenditionChecks.Outcome o = r.checks.read(now, p);
            double hold = d.settings().holdTargetDurations() * p.targetDuration();
            o.events().forEach(f -> d.board().event(now, f, hold));
            if (r.name.equals(primary)) {
                for (CueTracker.Note n : cues.read(now, p)) {
                    d.event(n.kind(), n.message(), n.detail());
                }
            }
            state = withCues(r, now, o.state());
            for (HlsPlaylist.Segment s : o.newSegments()) {
                probe(r, s, hold);
            }
        }
        d.board().state(now, r.name, state);
        d.board().evaluate(now);
    }

    private List<Finding> withCues(Rendition r, double now, List<Finding> state) {
        if (!r.name.equals(primary)) {
            return state;
        }
        double grace = d.settings().cueGraceTargetDurations() * r.checks.targetDurationSec();
        return cues.overdue(now, grace, r.name)
                .map(f -> {
                    List<Finding> all = new ArrayList<>(state);
                    all.add(f);
                    return all;
                })
                .orElse(state);
    }

    private void probe(Rendition r, HlsPlaylist.Segment s, double hold) {
        d.http().probe(s.uri()).whenComplete((status, err) -> {
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
                                r.checks.segmentFailed(s, err != null ? ManifestHttp.reason(err) : "HTTP " + status),
                                hold);
                d.board().evaluate(now);
            }
        });
    }

    /** After every rendition of the round answered: the ladder-wide checks and the facts. */
    private void roundComplete() {
        double now = d.now();
        List<HlsRenditionChecks> all =
                renditions.values().stream().map(r -> r.checks).toList();
        d.board()
                .state(
                        now,
                        Finding.LADDER,
                        RenditionAlignment.check(all, d.settings().outOfStepTargetDurations())
                                .map(List::of)
                                .orElse(List.of()));
        d.board().evaluate(now);
        Rendition p = renditions.get(primary);
        if (p == null) {
            p = renditions.values().iterator().next();
        }
        HlsPlaylist last = p.checks.last();
        if (last != null) {
            d.facts(new ManifestFacts(
                    "hls",
                    last.targetDuration(),
                    HlsRenditionChecks.round1(last.windowSec()),
                    last.segments().size(),
                    renditions.size(),
                    isLadder ? p.name : null,
                    last.newestSequence(),
                    HlsRenditionChecks.round1(p.checks.ageSec(now))));
        }
    }
}
