package dev.vigil.worker.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live HLS ladder and a live DASH MPD on loopback (the JDK's HTTP server), made of {@link LadderMedia}'s
 * one-second segments looped forever: the window moves one segment per second of wall clock, with EXT-X-DISCONTINUITY
 * (and the matching EXT-X-DISCONTINUITY-SEQUENCE) at every loop, program date-times, ETags (304 on If-None-Match),
 * and optionally a 4 s ad break (CUE-OUT/CUE-IN) every 20 segments. Its faults are switched on and off by the test:
 * each setter says what a real origin or packager would be doing.
 * <pre>
 *   /live/master.m3u8            multivariant playlist: renditions r0 (320x180) r1 (480x270) r2 (640x360)
 *   /live/r{i}.m3u8              media playlist, {@value #WINDOW} segments
 *   /live/[prefix/]r{i}/seg{n}.ts  segment n (the files loop)
 *   /dash/live.mpd               dynamic MPD, SegmentTemplate + SegmentTimeline, one representation "v"
 *   /dash/init-v.m4s, /dash/chunk-v-{n}.m4s
 * </pre>
 */
public final class LiveLadderOrigin implements AutoCloseable {

    public static final int WINDOW = 6;
    private static final Pattern SEGMENT = Pattern.compile("/live/(?:([a-z0-9]+)/)?r(\\d)/seg(\\d+)\\.ts");
    private static final Pattern CHUNK = Pattern.compile("/dash/chunk-v-(\\d+)\\.m4s");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(6);
    private final long startMillis;
    private final int renditions = LadderMedia.RENDITIONS.length;

    // faults; each is what the test sets, read by every request
    private volatile boolean adBreaks;
    private volatile long frozenAt = -1;
    private final long[] frozenRendition = {-1, -1, -1};
    private volatile int lag;
    private volatile int truncate;
    private volatile String prefix = "";
    private volatile long renameAfter = -1;
    private volatile String pendingPrefix;
    private volatile int missingRendition = -1;
    private volatile long missingFrom;
    private volatile long playlistDelayMillis;
    private volatile int droppedRendition = -1;
    private volatile int dsnOffset;
    private volatile long openCueAt = -1;
    private volatile double openCueSec;
    private volatile long cueInAt = -1;
    private volatile boolean longSegment;
    private volatile boolean endList;
    private volatile boolean mpdGap;
    private volatile boolean mpdOverlap;
    private volatile boolean publishAhead;
    private volatile boolean mpdDown;
    private volatile long chunksMissingFrom = -1;

    public LiveLadderOrigin() throws IOException {
        LadderMedia.ensure();
        // the window is full from the start
        startMillis = System.currentTimeMillis() - WINDOW * 1000L;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public String masterUrl() {
        return url("/live/master.m3u8");
    }

    public String mpdUrl() {
        return url("/dash/live.mpd");
    }

    /** The newest segment the packager has made by now. */
    public long edge() {
        return (System.currentTimeMillis() - startMillis) / 1000;
    }

    // ---- faults ----

    /** A 4 s ad break every 20 segments, closed properly (events only, no defect). */
    public LiveLadderOrigin withAdBreaks() {
        adBreaks = true;
        return this;
    }

    /** The packager stops updating every playlist (and the MPD). */
    public void freeze(boolean on) {
        frozenAt = on ? edge() : -1;
    }

    /** One rendition's playlist stops updating. */
    public void freezeRendition(int r, boolean on) {
        frozenRendition[r] = on ? edge() : -1;
    }

    /** Failover to an origin {@code segments} behind: an older copy of every playlist. */
    public void lagBehind(int segments) {
        lag = segments;
    }

    /** A stale cache: the newest {@code segments} segments missing from the playlist. */
    public void truncate(int segments) {
        truncate = segments;
    }

    /** Every URI renamed at once (another path prefix), the window unchanged if it is frozen. */
    public void rename(String newPrefix) {
        prefix = newPrefix;
    }

    /** Every URI renamed from the next window move on: the new first segment is not the one listed before. */
    public void renameAtNextMove(String newPrefix) {
        pendingPrefix = newPrefix;
        renameAfter = edge();
    }

    /** New segments of one rendition answer 404. */
    public void segmentsMissing(int r, boolean on) {
        missingFrom = edge() + 1;
        missingRendition = on ? r : -1;
    }

    /** Playlist responses are held this long before they start. */
    public void stallPlaylists(long millis) {
        playlistDelayMillis = millis;
    }

    /** One rendition's playlist answers 404. */
    public void dropRendition(int r, boolean on) {
        droppedRendition = on ? r : -1;
    }

    /** EXT-X-DISCONTINUITY-SEQUENCE off by this much. */
    public void discontinuityOffset(int offset) {
        dsnOffset = offset;
    }

    /** A CUE-OUT of {@code seconds} on the next segment, with no CUE-IN until {@link #cueIn()}. */
    public void openCueOut(double seconds) {
        openCueSec = seconds;
        openCueAt = edge() + 1;
        cueInAt = -1;
    }

    /** The CUE-IN, on the next segment. */
    public void cueIn() {
        cueInAt = edge() + 1;
    }

    /** The newest segment announced 2.6 s long (EXT-X-TARGETDURATION is 1). */
    public void longSegment(boolean on) {
        longSegment = on;
    }

    /** EXT-X-ENDLIST on the live playlists. */
    public void endList(boolean on) {
        endList = on;
    }

    /** DASH: a hole in the SegmentTimeline. */
    public void timelineGap(boolean on) {
        mpdGap = on;
    }

    /** DASH: an S entry starting before the previous one ends. */
    public void timelineOverlap(boolean on) {
        mpdOverlap = on;
    }

    /** DASH: publishTime a minute ahead of the clock. */
    public void publishAhead(boolean on) {
        publishAhead = on;
    }

    /** DASH: the MPD answers 503. */
    public void mpdDown(boolean on) {
        mpdDown = on;
    }

    /** DASH: new segments answer 404. */
    public void chunksMissing(boolean on) {
        chunksMissingFrom = on ? edge() + 1 : -1;
    }

    // ---- serving ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/live/master.m3u8")) {
                text(ex, master(), "application/vnd.apple.mpegurl");
            } else if (path.matches("/live/r\\d\\.m3u8")) {
                int r = path.charAt(7) - '0';
                delay();
                if (r == droppedRendition || r >= renditions) {
                    status(ex, 404);
                } else {
                    text(ex, media(r), "application/vnd.apple.mpegurl");
                }
            } else if (path.equals("/dash/live.mpd")) {
                if (mpdDown) {
                    status(ex, 503);
                } else {
                    text(ex, mpd(), "application/dash+xml");
                }
            } else {
                file(ex, path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void delay() throws InterruptedException {
        long d = playlistDelayMillis;
        if (d > 0) {
            Thread.sleep(d);
        }
    }

    private String master() {
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        for (int r = 0; r < renditions; r++) {
            int[] q = LadderMedia.RENDITIONS[r];
            b.append(String.format(
                            Locale.ROOT,
                            "#EXT-X-STREAM-INF:BANDWIDTH=%d,RESOLUTION=%dx%d,CODECS=\"avc1.42c01e,mp4a.40.2\"%n",
                            q[2] + 70_000,
                            q[0],
                            q[1]))
                    .append("r")
                    .append(r)
                    .append(".m3u8\n");
        }
        return b.toString();
    }

    private String media(int r) {
        long edge = frozenAt >= 0 ? frozenAt : edge();
        if (frozenRendition[r] >= 0) {
            edge = Math.min(edge, frozenRendition[r]);
        }
        edge -= lag;
        long newest = edge - truncate;
        long first = Math.max(0, edge - WINDOW + 1);
        String p = prefix;
        if (renameAfter >= 0 && edge > renameAfter) {
            prefix = pendingPrefix;
            p = pendingPrefix;
            renameAfter = -1;
        }
        long dsn = first >= 1 ? (first - 1) / LadderMedia.SEGMENTS + dsnOffset : dsnOffset;
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n");
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(first).append('\n');
        b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(dsn).append('\n');
        for (long n = first; n <= newest; n++) {
            if (n > 0 && n % LadderMedia.SEGMENTS == 0) {
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            if (n == first || n % LadderMedia.SEGMENTS == 0) {
                b.append("#EXT-X-PROGRAM-DATE-TIME:")
                        .append(Instant.ofEpochMilli(startMillis + n * 1000))
                        .append('\n');
            }
            if (adBreaks && n % 20 == 10) {
                b.append("#EXT-X-CUE-OUT:DURATION=4\n");
            }
            if (adBreaks && n % 20 == 14) {
                b.append("#EXT-X-CUE-IN\n");
            }
            if (n == openCueAt) {
                b.append(String.format(Locale.ROOT, "#EXT-X-CUE-OUT:%.1f%n", openCueSec));
            }
            if (n == cueInAt) {
                b.append("#EXT-X-CUE-IN\n");
            }
            double duration = longSegment && n == newest ? 2.6 : 1.0;
            b.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", duration));
            b.append(p.isEmpty() ? "" : p + "/")
                    .append("r")
                    .append(r)
                    .append("/seg")
                    .append(n)
                    .append(".ts\n");
        }
        if (endList) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }

    private String mpd() {
        long edge = frozenAt >= 0 ? frozenAt : edge();
        long first = Math.max(1, edge - WINDOW + 1);
        Instant publish = Instant.ofEpochMilli(startMillis + edge * 1000).plusSeconds(publishAhead ? 60 : 0);
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        b.append(
                        "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"dynamic\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\"")
                .append(" availabilityStartTime=\"")
                .append(Instant.ofEpochMilli(startMillis))
                .append('"')
                .append(" publishTime=\"")
                .append(publish)
                .append('"')
                .append(" minimumUpdatePeriod=\"PT1S\" timeShiftBufferDepth=\"PT6S\" minBufferTime=\"PT2S\">\n");
        b.append(" <Period id=\"0\" start=\"PT0S\">\n");
        b.append("  <AdaptationSet contentType=\"video\" mimeType=\"video/mp4\" segmentAlignment=\"true\">\n");
        b.append("   <EventStream schemeIdUri=\"urn:scte:scte35:2013:xml\" timescale=\"1000\">\n");
        long ad = (edge / 20) * 20 + 10;
        b.append("    <Event id=\"")
                .append(ad)
                .append("\" presentationTime=\"")
                .append(ad * 1000)
                .append("\" duration=\"4000\"/>\n");
        b.append("   </EventStream>\n");
        b.append("   <SegmentTemplate timescale=\"1000\" initialization=\"init-$RepresentationID$.m4s\"")
                .append(" media=\"chunk-$RepresentationID$-$Number%05d$.m4s\" startNumber=\"")
                .append(first)
                .append("\">\n");
        b.append("    <SegmentTimeline>\n");
        for (long n = first; n <= edge; n++) {
            long t = (n - 1) * 1000;
            if (mpdGap && n == first + 2) {
                continue; // a segment missing from the timeline: the next S says where it starts
            }
            long d = mpdOverlap && n == first + 2 ? 1500 : 1000;
            b.append("     <S t=\"").append(t).append("\" d=\"").append(d).append("\"/>\n");
        }
        b.append("    </SegmentTimeline>\n   </SegmentTemplate>\n");
        b.append(
                "   <Representation id=\"v\" bandwidth=\"200000\" width=\"320\" height=\"180\" codecs=\"avc1.42c01e\"/>\n");
        b.append("  </AdaptationSet>\n </Period>\n</MPD>\n");
        return b.toString();
    }

    private void file(HttpExchange ex, String path) throws IOException {
        Matcher m = SEGMENT.matcher(path);
        if (m.matches()) {
            int r = Integer.parseInt(m.group(2));
            long n = Long.parseLong(m.group(3));
            if (r >= renditions || (r == missingRendition && n >= missingFrom)) {
                status(ex, 404);
                return;
            }
            bytes(ex, Files.readAllBytes(LadderMedia.hlsSegment(r, (int) (n % LadderMedia.SEGMENTS))), "video/mp2t");
            return;
        }
        Matcher c = CHUNK.matcher(path);
        if (c.matches()) {
            long n = Long.parseLong(c.group(1));
            if (chunksMissingFrom >= 0 && n >= chunksMissingFrom) {
                status(ex, 404);
                return;
            }
            bytes(
                    ex,
                    Files.readAllBytes(LadderMedia.dashSegment((int) ((n - 1) % LadderMedia.SEGMENTS) + 1)),
                    "video/mp4");
            return;
        }
        if (path.equals("/dash/init-v.m4s")) {
            bytes(ex, Files.readAllBytes(LadderMedia.dashInit()), "video/mp4");
            return;
        }
        status(ex, 404);
    }

    private static void text(HttpExchange ex, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(bytes)) + "\"";
        ex.getResponseHeaders().set("ETag", etag);
        ex.getResponseHeaders().set("Cache-Control", "max-age=1");
        if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
            ex.sendResponseHeaders(304, -1);
            return;
        }
        bytes(ex, bytes, type);
    }

    private static void bytes(HttpExchange ex, byte[] body, String type) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void status(HttpExchange ex, int code) throws IOException {
        ex.sendResponseHeaders(code, -1);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
