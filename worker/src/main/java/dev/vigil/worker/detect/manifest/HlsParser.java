package dev.vigil.worker.detect.manifest;

import io.lindstrom.m3u8.model.AlternativeRendition;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.PlaylistType;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import io.lindstrom.m3u8.parser.PlaylistParserException;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads HLS playlists with io.lindstrom:m3u8-parser (RFC 8216 model) in lenient mode, so tags it does not know
 * (vendor ad markers, EXT-X-CUE-OUT-CONT) are skipped rather than failing the read, and turns them into the small
 * {@link HlsPlaylist} / {@link HlsLadder} records the checks use, every listed URI resolved and passed through
 * {@link ManifestUrls}. Whatever goes wrong is one {@link ManifestException} with a short reason.
 */
final class HlsParser {

    private static final MediaPlaylistParser MEDIA = new MediaPlaylistParser(ParsingMode.LENIENT);
    private static final MasterPlaylistParser MULTIVARIANT = new MasterPlaylistParser(ParsingMode.LENIENT);

    private HlsParser() {}

    static boolean isMultivariant(String text) {
        return text.contains("#EXT-X-STREAM-INF");
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    static HlsPlaylist media(String text, URI base) throws ManifestException {
        MediaPlaylist p;
        try {
            p = MEDIA.readPlaylist(new BufferedReader(new StringReader(text)));
        } catch (PlaylistParserException | RuntimeException e) {
            throw new ManifestException("not a valid media playlist: " + brief(e));
        }
        List<HlsPlaylist.Segment> segments = new ArrayList<>(p.mediaSegments().size());
        long sequence = p.mediaSequence();
        for (MediaSegment s : p.mediaSegments()) {
            HlsPlaylist.DateRange range = s.dateRange()
                    .map(d -> new HlsPlaylist.DateRange(
                            d.id(),
                            d.classAttribute().orElse(null),
                            d.plannedDuration().or(d::duration).orElse(Double.NaN),
                            d.scte35Out().isPresent(),
                            d.scte35In().isPresent()))
                    .orElse(null);
            segments.add(new HlsPlaylist.Segment(
                    sequence++,
                    ManifestUrls.resolve(base, s.uri()),
                    s.duration(),
                    s.discontinuity(),
                    s.programDateTime().map(java.time.OffsetDateTime::toInstant).orElse(null),
                    s.cueOut().orElse(Double.NaN),
                    s.cueIn(),
                    range));
        }
        boolean vod = p.playlistType().map(t -> t == PlaylistType.VOD).orElse(false);
        return new HlsPlaylist(
                p.targetDuration(), p.mediaSequence(), p.discontinuitySequence(), !p.ongoing(), vod, segments);
    }

    static HlsLadder ladder(String text, URI base) throws ManifestException {
        MasterPlaylist p;
        try {
            p = MULTIVARIANT.readPlaylist(new BufferedReader(new StringReader(text)));
        } catch (PlaylistParserException | RuntimeException e) {
            throw new ManifestException("not a valid multivariant playlist: " + brief(e));
        }
        List<HlsLadder.Rendition> variants = new ArrayList<>();
        for (Variant v : p.variants()) {
            int w = v.resolution().map(r -> r.width()).orElse(0);
            int h = v.resolution().map(r -> r.height()).orElse(0);
            String name = (h > 0 ? w + "x" + h : "audio") + "@" + v.bandwidth();
            variants.add(new HlsLadder.Rendition(
                    unique(name, variants),
                    ManifestUrls.resolve(base, v.uri()),
                    v.bandwidth(),
                    w,
                    h,
                    v.audio().orElse(null)));
        }
        List<HlsLadder.Rendition> media = new ArrayList<>();
        for (AlternativeRendition r : p.alternativeRenditions()) {
            if (r.uri().isPresent()) {
                String name = r.type().toString().toLowerCase(Locale.ROOT) + ":" + r.groupId() + ":" + r.name();
                media.add(new HlsLadder.Rendition(
                        unique(name, media), ManifestUrls.resolve(base, r.uri().get()), 0, 0, 0, null));
            }
        }
        if (variants.isEmpty()) {
            throw new ManifestException("multivariant playlist lists no variant");
        }
        return new HlsLadder(variants, media);
    }

    private static String unique(String name, List<HlsLadder.Rendition> taken) {
        String candidate = name;
        for (int i = 2; taken(candidate, taken); i++) {
            candidate = name + "#" + i;
        }
        return candidate;
    }

    private static boolean taken(String name, List<HlsLadder.Rendition> renditions) {
        return renditions.stream().anyMatch(r -> r.name().equals(name));
    }

    private static String brief(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 120 ? m.substring(0, 120) : m;
    }
}
